package demo;

import java.util.List;

/** A small class touching every operator. */
public final class Sample {
    static final int LIMIT = 2 * 3;
    static final boolean DEBUG = false;

    @SuppressWarnings("unused")
    private int count;

    public static int sum(List<Integer> values) {
        int total = 0;
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) < 0 && !DEBUG) {
                continue;
            }
            total += values.get(i);
        }
        return total;
    }

    public static String label(int n) {
        String s = n >= LIMIT ? "big" : "small";
        if (DEBUG) {
            s = s + "!" + (n - 1);
        }
        switch (n) {
            case 0:
                break;
            default:
                s = s.trim();
        }
        return s;
    }

    boolean isPositive(long x) {
        while (x > 10L) {
            x -= 1;
            if (x == 20) break;
        }
        count = count + 1;
        return -x < 0 || x == 0x10;
    }
}
