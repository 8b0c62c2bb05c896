package dev.tracklayer.core.clickhouse;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one place where values enter ClickHouse SQL. ClickHouse 18.16 has no server-side query
 * parameters, so every value is rendered client-side as a literal that no input can escape from.
 *
 * <p>Templates use {@code ?} for values and {@code ??} for an identifier from an allow-list. A
 * template is code, never input: it must not contain quotes around placeholders.
 */
public final class ClickHouseSql {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private ClickHouseSql() {}

  /** Renders {@code template} with each {@code ?} replaced by the next argument as a literal. */
  public static String bind(String template, Object... args) {
    StringBuilder sql = new StringBuilder(template.length() + 16 * args.length);
    int next = 0;
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        // A quote in a template would let a placeholder land inside a literal.
        throw new IllegalArgumentException("templates must not contain quotes: " + template);
      }
      if (c != '?') {
        sql.append(c);
        continue;
      }
      if (next >= args.length) {
        throw new IllegalArgumentException("more placeholders than arguments: " + template);
      }
      literal(sql, args[next++]);
    }
    if (next != args.length) {
      throw new IllegalArgumentException("more arguments than placeholders: " + template);
    }
    return sql.toString();
  }

  /** A string literal: backslash and quote escaped, control characters as escapes. */
  public static String quote(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 2);
    appendQuoted(sb, value);
    return sb.toString();
  }

  /**
   * An identifier (column or table name) that must come from the caller's allow-list; anything that
   * is not a plain identifier in that list is refused.
   */
  public static String identifier(String name, Set<String> allowed) {
    if (name == null || !allowed.contains(name) || !IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException("identifier not allowed: " + name);
    }
    return name;
  }

  private static void literal(StringBuilder sql, Object value) {
    if (value == null) {
      sql.append("NULL");
    } else if (value instanceof String s) {
      appendQuoted(sql, s);
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      sql.append(value);
    } else if (value instanceof Double d) {
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("not a finite number: " + d);
      }
      sql.append(BigDecimal.valueOf(d).toPlainString());
    } else if (value instanceof BigDecimal d) {
      sql.append(d.toPlainString());
    } else if (value instanceof Boolean b) {
      sql.append(b ? '1' : '0');
    } else if (value instanceof Instant t) {
      sql.append("toDateTime(").append(t.getEpochSecond()).append(", 'UTC')");
    } else if (value instanceof LocalDate d) {
      sql.append("toDate('").append(d).append("')");
    } else if (value instanceof Collection<?> items) {
      // A tuple, for IN (…); an empty one would be a syntax error, so it never matches.
      if (items.isEmpty()) {
        sql.append("(NULL)");
        return;
      }
      sql.append('(');
      boolean first = true;
      for (Object item : items) {
        if (!first) {
          sql.append(", ");
        }
        first = false;
        literal(sql, item);
      }
      sql.append(')');
    } else {
      throw new IllegalArgumentException("unsupported SQL value type: " + value.getClass());
    }
  }

  private static void appendQuoted(StringBuilder sb, String value) {
    sb.append('\'');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\'' -> sb.append("\\'");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\0' -> sb.append("\\0");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\x%02X", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('\'');
  }
}
