package dev.tracklayer.core.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.Objects;

/** One line of an order. Flink POJO: public fields, public no-arg constructor. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Item {

  @JsonProperty("id")
  public String id;

  @JsonProperty("quantity")
  public Integer quantity;

  @JsonProperty("price")
  public BigDecimal price;

  public Item() {}

  public Item(String id, Integer quantity, BigDecimal price) {
    this.id = id;
    this.quantity = quantity;
    this.price = price;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Item other
        && Objects.equals(id, other.id)
        && Objects.equals(quantity, other.quantity)
        && Objects.equals(price, other.price);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, quantity, price);
  }

  @Override
  public String toString() {
    return "Item{id=" + id + ", quantity=" + quantity + ", price=" + price + "}";
  }
}
