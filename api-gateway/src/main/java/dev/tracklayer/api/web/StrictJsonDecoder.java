package dev.tracklayer.api.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tracklayer.core.event.JsonText;
import java.util.Map;
import org.springframework.boot.web.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.codec.json.Jackson2JsonDecoder;
import org.springframework.util.MimeType;

/**
 * Spring's JSON decoder behind a check of the body's bytes ({@link JsonText}): Jackson reads
 * overlong UTF-8 as other characters and lets unpaired surrogate escapes through to PostgreSQL,
 * which stores '?'. Either is a 400 naming the byte offset instead of a silently changed name.
 */
public class StrictJsonDecoder extends Jackson2JsonDecoder {

  /** The 400's reason, shown to the client as it is. */
  public static final class NotJsonTextException extends DecodingException {
    NotJsonTextException(String message) {
      super(message);
    }
  }

  public StrictJsonDecoder(ObjectMapper mapper) {
    super(mapper);
  }

  @Override
  public Object decode(
      DataBuffer buffer, ResolvableType type, MimeType mimeType, Map<String, Object> hints) {
    byte[] bytes = new byte[buffer.readableByteCount()];
    buffer.read(bytes);
    DataBufferUtils.release(buffer);
    String problem = JsonText.problem(bytes);
    if (problem != null) {
      throw new NotJsonTextException(problem);
    }
    return super.decode(DefaultDataBufferFactory.sharedInstance.wrap(bytes), type, mimeType, hints);
  }

  @Configuration(proxyBeanMethods = false)
  static class Registration {
    @Bean
    CodecCustomizer strictJsonDecoder(ObjectMapper mapper) {
      return codecs -> codecs.defaultCodecs().jackson2JsonDecoder(new StrictJsonDecoder(mapper));
    }
  }
}
