package org.spineoutcomes.streams.monitoring;

import org.apache.avro.specific.SpecificRecord;
import org.spineoutcomes.schemas.Topics;

/** A record of the monitor bound for one of its two sink topics (a null value is a tombstone). */
public record MonitoringOutput(Topics.Topic<String, ?> topic, SpecificRecord value) {}
