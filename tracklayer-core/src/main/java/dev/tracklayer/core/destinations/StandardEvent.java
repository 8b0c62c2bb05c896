package dev.tracklayer.core.destinations;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The e-commerce events every platform has a name for. Merchants send TrackLayer names ({@code
 * purchase}, {@code add_to_cart}, …) or the GA4 / Meta-style aliases listed here; each adapter maps
 * these to its platform's name and treats everything else as a custom event. Matching ignores case,
 * spaces, hyphens and underscores, so Meta's own names ({@code InitiateCheckout}) resolve too.
 */
public enum StandardEvent {
  PAGE_VIEW("page_view", "pageview", "page_visit"),
  VIEW_CONTENT("view_content", "view_item", "product_viewed"),
  SEARCH("search"),
  ADD_TO_CART("add_to_cart", "product_added"),
  ADD_TO_WISHLIST("add_to_wishlist"),
  INITIATE_CHECKOUT("initiate_checkout", "begin_checkout", "checkout_started"),
  ADD_PAYMENT_INFO("add_payment_info", "payment_info_entered"),
  PURCHASE("purchase", "order_completed"),
  LEAD("lead", "generate_lead"),
  COMPLETE_REGISTRATION("complete_registration", "sign_up", "signup"),
  CONTACT("contact"),
  SUBSCRIBE("subscribe"),
  START_TRIAL("start_trial");

  private static final Map<String, StandardEvent> BY_ALIAS = index();

  private final String[] aliases;

  StandardEvent(String... aliases) {
    this.aliases = aliases;
  }

  /** The TrackLayer name ({@code purchase}). */
  public String key() {
    return aliases[0];
  }

  /**
   * The standard event {@code eventName} stands for. Case, spaces and hyphens are ignored, so
   * {@code Purchase}, {@code add-to-cart} and {@code AddToCart} all resolve.
   */
  public static Optional<StandardEvent> of(String eventName) {
    return eventName == null
        ? Optional.empty()
        : Optional.ofNullable(BY_ALIAS.get(fold(eventName)));
  }

  private static String fold(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c != '_' && c != '-' && c != ' ') {
        sb.append(c);
      }
    }
    return sb.toString().toLowerCase(Locale.ROOT);
  }

  private static Map<String, StandardEvent> index() {
    Map<String, StandardEvent> m = new HashMap<>();
    for (StandardEvent e : values()) {
      for (String a : e.aliases) {
        m.put(fold(a), e);
      }
    }
    return Map.copyOf(m);
  }
}
