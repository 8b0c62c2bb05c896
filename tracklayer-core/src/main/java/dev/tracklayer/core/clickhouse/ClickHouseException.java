package dev.tracklayer.core.clickhouse;

/** A ClickHouse statement failed; the message is the server's. */
public class ClickHouseException extends RuntimeException {
  public ClickHouseException(String message, Throwable cause) {
    super(message, cause);
  }
}
