package dev.tracklayer.api.ai.tools;

import java.util.List;

/** A feature's tools; {@link ChatTools} offers every set's to the model. */
public interface ChatToolSet {
  List<ChatTool> tools();
}
