package org.spineoutcomes.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.spineoutcomes.schemas.state.OutcomeDelta;
import org.spineoutcomes.schemas.state.PatientEvent;
import org.spineoutcomes.schemas.state.PatientState;
import org.spineoutcomes.schemas.state.ProcedureOutcome;
import org.spineoutcomes.schemas.state.ProviderCaseChange;
import org.spineoutcomes.schemas.state.ComparisonUpdate;
import org.spineoutcomes.schemas.state.SharedPatient;
import org.spineoutcomes.schemas.state.StoredProcedure;
import org.spineoutcomes.schemas.state.StratumDelta;
import org.spineoutcomes.schemas.state.StratumMetric;

/**
 * The build's compatibility gate. Every schema ever published is kept under published/vN; the current
 * schemas must read what they wrote (backward) and, for the hospital contract and the output that consumers
 * read, be readable by them (forward). To evolve a schema: add fields with defaults, then add a new vN copy.
 */
class SchemaEvolutionTest {

  /**
   * v2: the patient stage's reflected facts, combined stratum deltas and the publication stage's updates. v3: one
   * stored value per stratum and metric (StratumMetric, in the new store stratum-metrics) replaces the per-cell
   * CaseMixCell and MetricAggregate, and one value per patient and stratum (SharedPatient, in the new store
   * stratum-shared-patients) replaces SharedPatients; no store reads the replaced records any more. v4: the
   * procedure stage stores StoredProcedure (the events as read, which patient its facts were last sent to, whether
   * a change is unsent) in the new store assembled-procedures; ProcedureOutcome is no longer stored; the by-provider
   * repartition carries ProviderCaseChange (scored cases) instead of OutcomeDelta. v5: OutcomeFacts holds metric
   * values by slot (continuousValues, binaryValues) instead of maps keyed by metric id, and PatientEvent carries a
   * Withdrawal (aliased to the contract's ConsentWithdrawn, its time a plain long) so it holds no logical type. Facts
   * stored by v4 do not carry their values into v5: moving from v4 means resetting the application and replaying
   * the input topics.
   */
  private static final List<String> VERSIONS = List.of("v1", "v2", "v3", "v4", "v5");

  static Stream<Arguments> schemas() {
    return Stream.of(
        Arguments.of(ProcedurePerformed.getClassSchema(), true),
        Arguments.of(FollowUpRecorded.getClassSchema(), true),
        Arguments.of(ConsentWithdrawn.getClassSchema(), true),
        Arguments.of(DeadLetter.getClassSchema(), true),
        Arguments.of(OutcomeComparison.getClassSchema(), true),
        Arguments.of(ProcedureOutcome.getClassSchema(), false),
        Arguments.of(StoredProcedure.getClassSchema(), false),
        Arguments.of(ProviderCaseChange.getClassSchema(), false),
        Arguments.of(PatientEvent.getClassSchema(), false),
        Arguments.of(PatientState.getClassSchema(), false),
        Arguments.of(OutcomeDelta.getClassSchema(), false),
        Arguments.of(StratumMetric.getClassSchema(), false),
        Arguments.of(SharedPatient.getClassSchema(), false),
        Arguments.of(StratumDelta.getClassSchema(), false),
        Arguments.of(ComparisonUpdate.getClassSchema(), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemas")
  void currentSchemaIsCompatibleWithEveryPublishedVersion(Schema current, boolean fullyCompatible)
      throws IOException {
    assertThat(find(VERSIONS.get(VERSIONS.size() - 1), current.getName()))
        .as("%s is published in the newest version", current.getName()).isNotNull();
    for (String version : VERSIONS) {
      Schema published = find(version, current.getName());
      if (published == null) {
        continue; // introduced in a later version
      }
      assertThat(compatibility(current, published)).as("%s reads data written with %s", current.getName(), version)
          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
      if (fullyCompatible) {
        assertThat(compatibility(published, current)).as("%s readers can read the current %s", version,
            current.getName()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemas")
  void everyFieldIsDocumented(Schema current, boolean contract) {
    if (contract) {
      assertDocumented(current);
    }
  }

  private static void assertDocumented(Schema record) {
    assertThat(record.getDoc()).as(record.getName()).isNotBlank();
    for (Schema.Field f : record.getFields()) {
      assertThat(f.doc()).as("%s.%s", record.getName(), f.name()).isNotBlank();
      Schema t = f.schema();
      for (Schema branch : t.isUnion() ? t.getTypes() : List.of(t)) {
        Schema s = branch.getType() == Schema.Type.ARRAY ? branch.getElementType() : branch;
        if (s.getType() == Schema.Type.RECORD) {
          assertDocumented(s);
        }
      }
    }
  }

  @org.junit.jupiter.api.Test
  void aRemovedFieldWithoutDefaultIsCaught() {
    Schema writer = ProcedurePerformed.getClassSchema();
    Schema reader = new Schema.Parser().parse(writer.toString().replace(
        "\"name\":\"surgeonId\"", "\"name\":\"surgeonCode\""));
    assertThat(compatibility(reader, writer)).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
  }

  private static SchemaCompatibilityType compatibility(Schema reader, Schema writer) {
    return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType();
  }

  /** The schema as published in that version, or null when it did not exist yet. */
  private static Schema find(String version, String name) throws IOException {
    try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/published/" + version + "/" + name
        + ".avsc")) {
      return in == null ? null : new Schema.Parser().parse(in);
    }
  }
}
