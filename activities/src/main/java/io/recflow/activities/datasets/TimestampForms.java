package io.recflow.activities.datasets;

/**
 * The forms a data set's timestamps take. Integers are kept as they are (epoch seconds, or any monotone clock);
 * ISO-8601 instants become epoch milliseconds, so that events within one second keep their order. A data set
 * that mixes the two would compare one clock with the other: the first value in the second form is reported,
 * with where the first form was seen.
 */
final class TimestampForms {

    private String firstInteger;
    private String firstIso;
    private boolean reported;

    void integer(Problems problems, String file, long line, String field) {
        if (firstInteger == null) {
            firstInteger = file + " line " + line;
            mixed(problems, file, line, field, "an integer", firstIso, "an ISO-8601");
        }
    }

    void iso(Problems problems, String file, long line, String field) {
        if (firstIso == null) {
            firstIso = file + " line " + line;
            mixed(problems, file, line, field, "an ISO-8601", firstInteger, "an integer");
        }
    }

    private void mixed(Problems problems, String file, long line, String field, String form, String otherSeen,
                       String other) {
        if (otherSeen != null && !reported) {
            reported = true;
            problems.add(file, line, field, "is " + form + " timestamp, where " + otherSeen + " has " + other
                    + " one: integers are taken as they are and ISO-8601 as epoch milliseconds, so the two cannot"
                    + " be compared; write every timestamp one way");
        }
    }
}
