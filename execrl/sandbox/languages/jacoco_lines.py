"""The trusted report helper for Java coverage, compiled once per worker (Debian's libjacoco-java has no CLI).

It loads ``jacoco.exec``, analyses the compiled classes with JaCoCo's core API and prints, for one source file,
``line missed-instructions covered-instructions missed-branches covered-branches`` for every line holding code.
Kept as a string so that the worker holds it before it pivots into a view where this package is not visible.
"""

JACOCO_LINES_SOURCE = """\
import java.io.File;
import java.io.IOException;
import org.jacoco.core.analysis.Analyzer;
import org.jacoco.core.analysis.CoverageBuilder;
import org.jacoco.core.analysis.ICounter;
import org.jacoco.core.analysis.ILine;
import org.jacoco.core.analysis.ISourceFileCoverage;
import org.jacoco.core.tools.ExecFileLoader;

public final class JacocoLines {
    public static void main(String[] args) throws IOException {
        ExecFileLoader loader = new ExecFileLoader();
        File exec = new File(args[0]);
        if (exec.isFile()) {
            loader.load(exec);
        }
        CoverageBuilder builder = new CoverageBuilder();
        new Analyzer(loader.getExecutionDataStore(), builder).analyzeAll(new File(args[1]));
        StringBuilder out = new StringBuilder("execrl-jacoco-lines 1\\n");
        for (ISourceFileCoverage file : builder.getSourceFiles()) {
            String pkg = file.getPackageName();
            String path = pkg.isEmpty() ? file.getName() : pkg + "/" + file.getName();
            if (!path.equals(args[2]) || file.getFirstLine() < 1) {
                continue;
            }
            for (int nr = file.getFirstLine(); nr <= file.getLastLine(); nr++) {
                ILine line = file.getLine(nr);
                ICounter instructions = line.getInstructionCounter();
                if (instructions.getTotalCount() == 0) {
                    continue;
                }
                ICounter branches = line.getBranchCounter();
                out.append(nr).append(' ').append(instructions.getMissedCount()).append(' ')
                    .append(instructions.getCoveredCount()).append(' ').append(branches.getMissedCount())
                    .append(' ').append(branches.getCoveredCount()).append('\\n');
            }
        }
        System.out.print(out);
    }
}
"""
