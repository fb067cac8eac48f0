package org.spineoutcomes.launcher;

import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.StreamsConfig;
import org.spineoutcomes.launcher.config.PipelineConfig;
import org.spineoutcomes.launcher.kafka.TopicSetup;
import org.spineoutcomes.launcher.riskmodel.RiskModelFitter;
import org.spineoutcomes.streams.OutcomesStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Fits the 90-day complication risk model from the current outcome records and publishes it. */
@Command(name = "fit-risk-model", mixinStandardHelpOptions = true,
    description = "Fit the 90-day complication risk model (logistic regression on case mix) from the running "
        + "pipeline's current outcome records and publish it to the risk-models topic.")
public final class FitRiskModelCommand implements Callable<Integer> {

  @Mixin
  SpineOutcomes.ClusterOptions cluster = new SpineOutcomes.ClusterOptions();

  @Override
  public Integer call() {
    PipelineConfig config = cluster.load();
    if (!config.has(PipelineConfig.BOOTSTRAP_SERVERS)) {
      throw new IllegalArgumentException("fit-risk-model reads a running pipeline's outcome records: give "
          + "--bootstrap-servers (or SPINE_BOOTSTRAP_SERVERS); 'demo' fits a model by itself");
    }
    var kafka = config.kafka(config.get(PipelineConfig.BOOTSTRAP_SERVERS));
    TopicSetup.checkReachable(kafka);
    String applicationId = String.valueOf(
        kafka.getOrDefault(StreamsConfig.APPLICATION_ID_CONFIG, OutcomesStreams.DEFAULT_APPLICATION_ID));
    RiskModelFitter.Fit fit = RiskModelFitter.fit(kafka, applicationId, Instant.now());
    RiskModelFitter.publish(kafka, fit.model());
    System.out.print(RiskModelFitter.describe(fit));
    System.out.println("Published to '" + org.spineoutcomes.schemas.Topics.RISK_MODELS.name()
        + "'; the streams re-score every provider with it.");
    return 0;
  }
}
