package io.recflow.activities.datasets;

import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds the training users of a {@code train.tsv} from its sliding windows: a row whose window is the
 * end of the current user's items so far (and not shorter than the previous window, unless the window
 * is already full length) continues that user; any other row starts the next one. Each user is added
 * to the data once, when the next starts or the file ends.
 */
final class IloraTrainingWindows {

    private final RawData out;
    private String user;
    private List<String> items = new ArrayList<>();
    private int previousWindow;

    IloraTrainingWindows(RawData out) {
        this.out = out;
    }

    boolean continuesCurrentUser(List<String> window) {
        return user != null && !window.isEmpty() && endsWith(items, window)
                && (window.size() == items.size() || window.size() >= previousWindow);
    }

    /** Adds the current user to the data and starts {@code nextUser} with {@code window} as its first items. */
    void startUser(String nextUser, List<String> window) {
        finish();
        user = nextUser;
        items = new ArrayList<>(window);
    }

    /** The row's target is the current user's next item. */
    void add(List<String> window, String target) {
        items.add(target);
        previousWindow = window.size();
    }

    /** Adds the current user to the data. */
    void finish() {
        if (user != null) {
            out.events.addSequence(user, items);
            out.trainUsers.add(user);
        }
    }

    private static boolean endsWith(List<String> items, List<String> window) {
        if (window.size() > items.size()) {
            return false;
        }
        int offset = items.size() - window.size();
        for (int i = 0; i < window.size(); i++) {
            if (!items.get(offset + i).equals(window.get(i))) {
                return false;
            }
        }
        return true;
    }
}
