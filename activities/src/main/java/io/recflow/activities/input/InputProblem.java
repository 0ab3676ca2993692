package io.recflow.activities.input;

/**
 * One thing wrong with the input, located as precisely as the format allows.
 *
 * @param file    the URI of the file (or of the data set when no single file is to blame), or
 *                {@code null} for a problem of the spec itself (then {@code field} names the spec field)
 * @param line    1-based line number, or 0 when the problem is not about one line
 * @param field   the field / column / JSON key at fault, or {@code null}
 * @param message what is wrong, in words a person can act on
 */
public record InputProblem(String file, long line, String field, String message) {

    /** {@code <file>:<line>: field '<field>': <message>}; file, line and field are left out when unknown. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (file != null) {
            s.append(file);
            if (line > 0) {
                s.append(':').append(line);
            }
            s.append(": ");
        }
        if (field != null) {
            s.append("field '").append(field).append("': ");
        }
        return s.append(message).toString();
    }
}
