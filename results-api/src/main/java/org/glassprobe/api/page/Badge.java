package org.glassprobe.api.page;

/**
 * A badge in shields.io's "flat" style: a grey label, a coloured message, each text drawn twice
 * (a shadow and the text), widths measured with Verdana 11 px's character widths (approximated by
 * class) and pinned with {@code textLength}, so that any font fits the box.
 *
 * @param label        left text (the check's name, shortened when long)
 * @param message      right text (the state, or the uptime)
 * @param colour       the message's background
 * @param labelWidth   the label box's width in px
 * @param messageWidth the message box's width in px
 */
public record Badge(String label, String message, String colour, int labelWidth, int messageWidth) {
    /** The longest label drawn: longer check names are cut with an ellipsis. */
    static final int MAX_LABEL = 40;

    public static Badge of(String label, String message, String colour) {
        String shown = label.codePointCount(0, label.length()) <= MAX_LABEL ? label
                : label.substring(0, label.offsetByCodePoints(0, MAX_LABEL - 1)) + "…";
        return new Badge(shown, message, colour, (int) Math.round(textWidth(shown)) + 10,
                (int) Math.round(textWidth(message)) + 10);
    }

    public int width() {
        return labelWidth + messageWidth;
    }

    /** The label's centre, in the tenths of a pixel the texts are drawn in. */
    public int labelX() {
        return labelWidth * 5;
    }

    public int messageX() {
        return labelWidth * 10 + messageWidth * 5;
    }

    public int labelLength() {
        return (labelWidth - 10) * 10;
    }

    public int messageLength() {
        return (messageWidth - 10) * 10;
    }

    /** What a screen reader says. */
    public String text() {
        return label + ": " + message;
    }

    /** The width of a text in Verdana at 11 px, from the widths of classes of characters. */
    static double textWidth(String text) {
        double w = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            w += charWidth(c);
        }
        return w;
    }

    private static double charWidth(int c) {
        if (c == ' ') {
            return 3.87;
        }
        if ("il.,:;'|!".indexOf(c) >= 0) {
            return 3.6;
        }
        if ("fjtrI()[]{}/\\-`\"".indexOf(c) >= 0) {
            return 4.8;
        }
        if (c == 'm' || c == 'w') {
            return 9.7;
        }
        if (c == 'M' || c == 'W' || c == '%' || c == '@') {
            return 10.5;
        }
        if (c >= '0' && c <= '9') {
            return 7.0;
        }
        if (c >= 'a' && c <= 'z') {
            return 6.6;
        }
        if (c >= 'A' && c <= 'Z') {
            return 7.6;
        }
        if (c < 0x80) {
            return 8.4; // other ASCII signs: < > = + # & and the like
        }
        if (Character.isIdeographic(c) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0xac00 && c <= 0xd7af)) {
            return 11.0;
        }
        return 7.5;
    }
}
