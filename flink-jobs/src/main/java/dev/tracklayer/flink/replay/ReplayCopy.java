package dev.tracklayer.flink.replay;

/** An event chosen for replay: its new id and the bytes to write under it. */
public class ReplayCopy {
  public String merchantId;
  public String eventId;
  public String originalId;
  public String eventName;
  public int partition;
  public byte[] value;

  public ReplayCopy() {}

  /** One copy per original event of a merchant. */
  public String key() {
    return merchantId + '\u0000' + originalId;
  }
}
