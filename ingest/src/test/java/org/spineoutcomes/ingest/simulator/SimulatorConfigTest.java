package org.spineoutcomes.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class SimulatorConfigTest {

  @Test
  void hasTheDocumentedDefaults() {
    SimulatorConfig c = SimulatorConfig.defaults();
    assertThat(c.hospitals()).isEqualTo(6);
    assertThat(c.minSurgeonsPerHospital()).isEqualTo(3);
    assertThat(c.maxSurgeonsPerHospital()).isEqualTo(4);
    assertThat(c.procedures()).isEqualTo(10_000);
    assertThat(c.startDate()).isEqualTo(LocalDate.of(2025, 1, 1));
    assertThat(c.deterioratingSurgeon()).isNull();
    assertThat(c.complicationRisk()).isEqualTo(ComplicationRiskModel.defaults());
    assertThat(c.toBuilder().build()).isEqualTo(c);
    Simulator s = new Simulator(c);
    assertThat(s.hospitalIds()).containsExactly("H01", "H02", "H03", "H04", "H05", "H06");
    assertThat(s.surgeonIds()).hasSizeBetween(18, 24).contains("H01-S01", "H06-S03");
  }

  @Test
  void periodDaysSetsTheDailyRate() {
    SimulatorConfig c = SimulatorConfig.builder().procedures(3_650).periodDays(365).build();
    assertThat(c.proceduresPerDay()).isEqualTo(10.0);
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> SimulatorConfig.builder().duplicateRate(1.5).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SimulatorConfig.builder().hospitals(0).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SimulatorConfig.builder().surgeonsPerHospital(4, 3).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SimulatorConfig.builder().proceduresPerDay(0).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SimulatorConfig.builder().deterioratingSurgeon("H01-S01", LocalDate.now(), 0))
        .isInstanceOf(IllegalArgumentException.class);
    SimulatorConfig unknownSurgeon = SimulatorConfig.builder()
        .deterioratingSurgeon("H09-S01", LocalDate.of(2025, 6, 1), 3).build();
    assertThatThrownBy(() -> new Simulator(unknownSurgeon)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("H09-S01");
  }

  @Test
  void manyHospitalsAndSurgeonsGetWellFormedIds() {
    SimulatorConfig c = SimulatorConfig.builder().hospitals(12).surgeonsPerHospital(10, 12).procedures(300)
        .build();
    Simulator s = new Simulator(c);
    assertThat(s.hospitalIds()).hasSize(12).contains("H10", "H12");
    assertThat(s.surgeonIds()).allMatch(id -> id.matches("H\\d\\d-S\\d\\d"));
    assertThat(s.stream().count()).isGreaterThan(1_000);
  }
}
