package dev.tracklayer.ingest.errors;

/** The {@code error.code} values the gateway answers with (docs/ingest.md lists them). */
public final class ErrorCodes {
  private ErrorCodes() {}

  public static final String INVALID_JSON = "invalid_json";
  public static final String VALIDATION_FAILED = "validation_failed";
  public static final String MISSING_API_KEY = "missing_api_key";
  public static final String INVALID_API_KEY = "invalid_api_key";
  public static final String MERCHANT_MISMATCH = "merchant_mismatch";
  public static final String MERCHANT_SUSPENDED = "merchant_suspended";
  public static final String UNKNOWN_MERCHANT = "unknown_merchant";
  public static final String NOT_FOUND = "not_found";
  public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
  public static final String NOT_ACCEPTABLE = "not_acceptable";
  public static final String DUPLICATE_EVENT = "duplicate_event";
  public static final String PAYLOAD_TOO_LARGE = "payload_too_large";
  public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
  public static final String RATE_LIMITED = "rate_limited";
  public static final String QUOTA_EXCEEDED = "quota_exceeded";
  public static final String BAD_REQUEST = "bad_request";
  public static final String KAFKA_UNAVAILABLE = "kafka_unavailable";
  public static final String AUTH_UNAVAILABLE = "auth_unavailable";
  public static final String INTERNAL_ERROR = "internal_error";
}
