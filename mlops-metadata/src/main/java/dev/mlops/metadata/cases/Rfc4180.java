package dev.mlops.metadata.cases;

import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 4180 tokenizer: fields separated by {@code ,}, records by {@code CRLF} (a bare {@code LF} or {@code CR} is
 * accepted too), fields optionally in double quotes with {@code ""} for a quote; quoted fields may hold separators and
 * line breaks. Empty physical lines between records are skipped.
 */
final class Rfc4180 {
    /**
     * One record.
     *
     * @param line the 1-based line it starts on
     * @param fields its fields, unquoted
     */
    record Record(long line, List<String> fields) {
    }

    private Rfc4180() {
    }

    /** Splits a whole document; a malformed record is reported and skipped, an unterminated quote ends the input. */
    static List<Record> parse(String text, CaseErrors errors) {
        List<Record> records = new ArrayList<>();
        int n = text.length();
        int i = 0;
        long line = 1;
        while (i < n && !errors.full()) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                i = skipBreak(text, i);
                line++;
                continue;
            }
            long recordLine = line;
            List<String> fields = new ArrayList<>();
            boolean broken = false;
            while (true) {
                StringBuilder field = new StringBuilder();
                if (i < n && text.charAt(i) == '"') {
                    i++;
                    boolean closed = false;
                    while (i < n) {
                        char q = text.charAt(i);
                        if (q == '"') {
                            if (i + 1 < n && text.charAt(i + 1) == '"') {
                                field.append('"');
                                i += 2;
                                continue;
                            }
                            i++;
                            closed = true;
                            break;
                        }
                        if (q == '\n' || q == '\r' && (i + 1 >= n || text.charAt(i + 1) != '\n')) {
                            line++;
                        }
                        field.append(q);
                        i++;
                    }
                    if (!closed) {
                        errors.add(recordLine, "", "", "field " + (fields.size() + 1) + ": a quote opened here is never "
                                + "closed");
                        return records;
                    }
                    if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                        errors.add(line, "", "", "field " + (fields.size() + 1) + ": unexpected "
                                + Values.quote(String.valueOf(text.charAt(i))) + " after a closing quote (a quote "
                                + "inside a quoted field is written \"\")");
                        broken = true;
                    }
                } else {
                    int start = i;
                    while (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                        if (text.charAt(i) == '"' && !broken) {
                            errors.add(line, "", "", "field " + (fields.size() + 1) + ": a quote inside an unquoted "
                                    + "field (quote the whole field and write the quote as \"\")");
                            broken = true;
                        }
                        i++;
                    }
                    field.append(text, start, i);
                }
                if (broken) {
                    while (i < n && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                        i++;
                    }
                }
                fields.add(field.toString());
                if (i < n && text.charAt(i) == ',') {
                    i++;
                    continue;
                }
                break;
            }
            if (i < n) {
                i = skipBreak(text, i);
                line++;
            }
            if (!broken) {
                records.add(new Record(recordLine, List.copyOf(fields)));
            }
        }
        return records;
    }

    private static int skipBreak(String text, int i) {
        if (text.charAt(i) == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
            return i + 2;
        }
        return i + 1;
    }
}
