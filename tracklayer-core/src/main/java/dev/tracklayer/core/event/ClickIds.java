package dev.tracklayer.core.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The ad click id URL parameters the pixel captures, and the platform (our platform key) each one
 * belongs to. The one place this mapping lives: validation, the pipeline's event rows and analytics
 * all read it here.
 */
public final class ClickIds {

  /** URL parameter to platform key, in the pixel's order. */
  public static final Map<String, String> PLATFORM_BY_PARAM = mapping();

  /** The accepted {@link Touch#param} values. */
  public static final Set<String> PARAMS = PLATFORM_BY_PARAM.keySet();

  private ClickIds() {}

  /** The platform key of a click id parameter, or null for an unknown parameter. */
  public static String platformOf(String param) {
    return param == null ? null : PLATFORM_BY_PARAM.get(param);
  }

  private static Map<String, String> mapping() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("fbclid", "meta");
    m.put("ttclid", "tiktok");
    m.put("gclid", "google_ads");
    m.put("gbraid", "google_ads");
    m.put("wbraid", "google_ads");
    m.put("msclkid", "microsoft");
    m.put("ScCid", "snapchat");
    m.put("epik", "pinterest");
    m.put("rdt_cid", "reddit");
    m.put("li_fat_id", "linkedin");
    m.put("twclid", "x");
    return Collections.unmodifiableMap(m);
  }
}
