package dev.tracklayer.core.testing.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import net.jqwik.api.statistics.Statistics;

/** What every answer to any input must look like, whatever was sent. */
public final class Answers {
  public static final Duration WITHIN = Duration.ofSeconds(10);

  /** The last case's request and status, to name it when its stack trace is logged late. */
  private static volatile String previous;

  private Answers() {}

  /**
   * Sends {@code request} to the server on {@code port} and fails the case unless the answer keeps
   * the contract of {@link #problem} within {@link #WITHIN}, and no stack trace was logged for a
   * 4xx. Collects the status for jqwik's report.
   *
   * @param stackTraces log lines with a throwable since the last call (call it once before)
   */
  public static RawHttp.Response exchange(
      int port,
      byte[] request,
      boolean head,
      boolean checkClosed,
      Supplier<List<String>> stackTraces) {
    List<String> late = stackTraces.get();
    String before = previous;
    previous = null;
    if (!late.isEmpty() && before != null) {
      // Logged after the previous case was answered (the server went on reading or closing).
      throw new AssertionError(
          "a stack trace in the log after the answer to the previous case ("
              + before
              + "): "
              + late);
    }
    RawHttp.Response response;
    try {
      response = RawHttp.exchange(port, request, head, checkClosed, WITHIN);
    } catch (RawHttp.NoAnswer e) {
      throw new AssertionError(e.getMessage() + "; request: " + Shown.bytes(request), e);
    }
    // jqwik's report shows how the cases were answered (how many got as far as a success).
    Statistics.label("status").collect(response.status());
    String problem = problem(response, head);
    if (problem != null) {
      throw new AssertionError(problem + "; answer: " + response);
    }
    if (response.status() >= 400) {
      previous = response.status() + " to " + Shown.bytes(request);
      if (response.status() == 413 || response.status() == 414 || response.status() == 431) {
        // Answered before the request was read to its end: what the server logs about the rest
        // comes a moment later.
        pause(50);
      }
      List<String> logged = stackTraces.get();
      if (!logged.isEmpty()) {
        throw new AssertionError(
            "a " + response.status() + " with a stack trace in the log: " + logged);
      }
    }
    return response;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Null when {@code response} keeps the contract: below 500, and every status from 400 up is
   * {@code application/json} with {@code {"error":{"code":string,"message":string,"details":[]}}}
   * (the body of an answer to HEAD is empty by definition: only its type is checked). Otherwise
   * what is wrong.
   */
  public static String problem(RawHttp.Response response, boolean head) {
    if (response.status() >= 500) {
      return "a " + response.status() + " (server error) for client input";
    }
    if (response.status() < 400) {
      return null;
    }
    String type = response.header("Content-Type");
    if (type == null
        || !type.toLowerCase(Locale.ROOT).replace(" ", "").matches("application/json(;.*)?")) {
      return "a " + response.status() + " whose Content-Type is " + type + ", not application/json";
    }
    if (head) {
      return null;
    }
    JsonNode body = StrictJson.parse(response.body()).orElse(null);
    JsonNode error = body == null ? null : body.get("error");
    if (body == null
        || !body.isObject()
        || error == null
        || !error.isObject()
        || !error.path("code").isTextual()
        || error.path("code").textValue().isEmpty()
        || !error.path("message").isTextual()
        || !error.path("details").isArray()) {
      return "a " + response.status() + " without the JSON error shape: " + response.bodyText();
    }
    return null;
  }
}
