package dev.tracklayer.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracklayer.core.testing.RepoPaths;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The session cluster of {@code ./tracklayer up} runs the jar this module builds: the cluster's
 * Flink (deploy/flink/pom.xml) is the version the jobs compile against, and the jobs {@code up}
 * keeps running (deploy/flink/flink.sh) are the jobs the jar's entry class knows.
 */
class ClusterDeploymentTest {
  private static String read(String path) throws Exception {
    return Files.readString(RepoPaths.root().resolve(path));
  }

  private static String group(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("%s in %s", regex, text.substring(0, 80)).isTrue();
    return m.group(1);
  }

  @Test
  void theClusterRunsTheFlinkVersionTheJobsAreBuiltWith() throws Exception {
    String jobs = group(read("pom.xml"), "<flink.version>([^<]+)</flink.version>");
    String cluster = group(read("deploy/flink/pom.xml"), "<flink.version>([^<]+)</flink.version>");
    assertThat(cluster).as("deploy/flink/pom.xml flink.version").isEqualTo(jobs);
  }

  @Test
  void upSubmitsEveryJobOfTheJarByItsName() throws Exception {
    String script = read("deploy/flink/flink.sh");
    String listed = group(script, "(?m)^FLINK_JOBS=\\(([^)]*)\\)");
    assertThat(new TreeSet<>(Arrays.asList(listed.trim().split("\\s+"))))
        .isEqualTo(new TreeSet<>(JobMain.JOBS.keySet()));
    assertThat(group(script, "(?m)^FLINK_ENTRY_CLASS=(\\S+)")).isEqualTo(JobMain.class.getName());
    for (var job : JobMain.JOBS.entrySet()) {
      // flink.sh finds a job by its name in Flink: tracklayer-<name>.
      assertThat(job.getValue().get().name()).isEqualTo("tracklayer-" + job.getKey());
    }
  }
}
