package dev.tracklayer.api.ai.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tracklayer.api.auth.Caller;
import dev.tracklayer.api.errors.ApiException;
import dev.tracklayer.api.errors.ErrorBody;
import dev.tracklayer.core.event.FieldError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The tools offered to the model, and running one: validate its input against the schema, run it
 * for the caller's merchant, and turn whatever goes wrong into an error result the model can read
 * and correct (never a failed request).
 */
@Component
public class ChatTools {
  private static final Logger LOG = LoggerFactory.getLogger(ChatTools.class);

  /** A result longer than this is cut: the model's context is not the place for bulk data. */
  static final int MAX_RESULT_CHARS = 24_000;

  private final Map<String, ChatTool> tools = new LinkedHashMap<>();
  private final ObjectMapper json;

  public ChatTools(List<ChatToolSet> sets, ObjectMapper json) {
    this.json = json;
    for (ChatToolSet set : sets) {
      for (ChatTool tool : set.tools()) {
        if (tools.put(tool.name(), tool) != null) {
          throw new IllegalStateException("two chat tools are named " + tool.name());
        }
      }
    }
  }

  public List<ChatTool> all() {
    return List.copyOf(tools.values());
  }

  /** What a call produced: the text the model reads and a short line for the client. */
  public record Result(boolean error, String content, String summary) {}

  /** Blocking. */
  public Result run(Caller caller, String name, JsonNode input) {
    ChatTool tool = tools.get(name);
    if (tool == null) {
      return error("unknown_tool", "there is no tool named " + name, List.of());
    }
    List<FieldError> invalid = ToolInputValidator.validate(tool.inputSchema(), input);
    if (!invalid.isEmpty()) {
      return error("invalid_input", "the input does not match the tool's input_schema", invalid);
    }
    try {
      ChatTool.Output out = tool.handler().run(caller, input);
      return new Result(false, truncate(write(out.data())), out.summary());
    } catch (ApiException e) {
      // Our own validation and lookups (a bad time, an unknown event): the model can fix these.
      return error(e.code(), e.getMessage(), e.details());
    } catch (RuntimeException e) {
      LOG.warn("chat tool {} failed for merchant {}", name, caller.merchant(), e);
      return error("tool_failed", "the tool failed; try again later", List.of());
    }
  }

  private Result error(String code, String message, List<FieldError> details) {
    return new Result(true, write(ErrorBody.of(code, message, details)), code + ": " + message);
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tool result is not serializable", e);
    }
  }

  private static String truncate(String text) {
    return text.length() <= MAX_RESULT_CHARS
        ? text
        : text.substring(0, MAX_RESULT_CHARS) + " …(truncated: ask for fewer rows)";
  }
}
