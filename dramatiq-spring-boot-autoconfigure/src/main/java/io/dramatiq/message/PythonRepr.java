package io.dramatiq.message;

import java.util.List;
import java.util.Map;

/**
 * Formats JSON values the way Python's {@code repr} shows them, so log lines read as
 * Python Dramatiq's: {@code count_words('foo')}, {@code add(1, 2, x=None)}.
 */
public final class PythonRepr {

	private PythonRepr() {
	}

	/**
	 * Format positional arguments as Python shows a tuple: {@code ('a', 1)},
	 * {@code ('a',)}.
	 * @param args the arguments
	 * @return the text
	 */
	public static String tuple(List<Object> args) {
		StringBuilder out = new StringBuilder("(");
		String separator = "";
		for (Object arg : args) {
			out.append(separator);
			append(out, arg);
			separator = ", ";
		}
		if (args.size() == 1) {
			out.append(',');
		}
		return out.append(')').toString();
	}

	/**
	 * Format a JSON value as Python's {@code repr} shows it.
	 * @param value the value
	 * @return the text
	 */
	public static String repr(Object value) {
		StringBuilder out = new StringBuilder();
		append(out, value);
		return out.toString();
	}

	static String call(String name, List<Object> args, Map<String, Object> kwargs) {
		StringBuilder out = new StringBuilder(name).append('(');
		String separator = "";
		for (Object arg : args) {
			out.append(separator);
			append(out, arg);
			separator = ", ";
		}
		for (Map.Entry<String, Object> entry : kwargs.entrySet()) {
			out.append(separator).append(entry.getKey()).append('=');
			append(out, entry.getValue());
			separator = ", ";
		}
		return out.append(')').toString();
	}

	static void append(StringBuilder out, Object value) {
		if (value == null) {
			out.append("None");
		}
		else if (value instanceof Boolean bool) {
			out.append(bool ? "True" : "False");
		}
		else if (value instanceof Double number) {
			out.append(PythonFloats.repr(number));
		}
		else if (value instanceof CharSequence text) {
			appendString(out, text.toString());
		}
		else if (value instanceof List<?> list) {
			out.append('[');
			String separator = "";
			for (Object item : list) {
				out.append(separator);
				append(out, item);
				separator = ", ";
			}
			out.append(']');
		}
		else if (value instanceof Map<?, ?> map) {
			out.append('{');
			String separator = "";
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				out.append(separator);
				append(out, entry.getKey());
				out.append(": ");
				append(out, entry.getValue());
				separator = ", ";
			}
			out.append('}');
		}
		else {
			out.append(value);
		}
	}

	private static void appendString(StringBuilder out, String text) {
		char quote = (text.indexOf('\'') >= 0 && text.indexOf('"') < 0) ? '"' : '\'';
		out.append(quote);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == quote || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c == '\n') {
				out.append("\\n");
			}
			else if (c == '\r') {
				out.append("\\r");
			}
			else if (c == '\t') {
				out.append("\\t");
			}
			else if (c < 0x20 || c == 0x7f) {
				out.append(String.format("\\x%02x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		out.append(quote);
	}

}
