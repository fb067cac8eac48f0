package org.spineoutcomes.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.spineoutcomes.schemas.Approach;
import org.spineoutcomes.schemas.CusumChart;
import org.spineoutcomes.schemas.ProviderType;
import org.spineoutcomes.schemas.RejectionReason;
import org.spineoutcomes.schemas.Topics;

class DashboardStateTest {

  private static final String KEY = Topics.comparisonKey("overall", "all", "blood_loss_ml");

  @Test
  void keepsTheLatestComparisonPerKey() {
    DashboardState state = new DashboardState();
    state.putComparison(KEY, Fixtures.continuous("overall", "all", "blood_loss_ml", 20, 300, 22, 120));
    state.putComparison(KEY, Fixtures.continuous("overall", "all", "blood_loss_ml", 30, 310, 33, 125));
    state.putComparison("hospital/H01/blood_loss_ml",
        Fixtures.continuous("hospital", "H01", "blood_loss_ml", 15, 290, 16, 110));

    assertThat(state.comparisons()).containsOnlyKeys(KEY, "hospital/H01/blood_loss_ml");
    assertThat(state.comparison(KEY).orElseThrow().getOpen().getN()).isEqualTo(30);
    assertThat(state.version()).isEqualTo(3);
  }

  @Test
  void aTombstoneRemovesTheKeyAsCompactionWould() {
    DashboardState state = new DashboardState();
    state.putComparison(KEY, Fixtures.continuous("overall", "all", "blood_loss_ml", 20, 300, 22, 120));
    long before = state.version();

    state.putComparison(KEY, null);
    assertThat(state.comparison(KEY)).isEmpty();
    assertThat(state.version()).isEqualTo(before + 1);

    state.putComparison("never/seen/metric", null);
    assertThat(state.version()).as("a tombstone for an unknown key changes nothing").isEqualTo(before + 1);
  }

  @Test
  void countsDeadLettersByReasonWithTheLatestPerKey() {
    DashboardState state = new DashboardState();
    state.putDeadLetter("events.jsonl:3", Fixtures.deadLetter(3, RejectionReason.BAD_JSON, "{oops"));
    state.putDeadLetter("events.jsonl:7", Fixtures.deadLetter(7, RejectionReason.MISSING_FIELD, "{}"));
    state.putDeadLetter("events.jsonl:9", Fixtures.deadLetter(9, RejectionReason.MISSING_FIELD, "{}"));
    // The same line sent again with another verdict replaces the first; a tombstone removes one.
    state.putDeadLetter("events.jsonl:3", Fixtures.deadLetter(3, RejectionReason.OUT_OF_RANGE, "{\"x\":-1}"));
    state.putDeadLetter("events.jsonl:9", null);

    Map<RejectionReason, Long> counts = state.deadLettersByReason();
    assertThat(counts).containsEntry(RejectionReason.OUT_OF_RANGE, 1L).containsEntry(RejectionReason.MISSING_FIELD, 1L)
        .containsEntry(RejectionReason.BAD_JSON, 0L).hasSize(RejectionReason.values().length);
    assertThat(state.deadLettersTotal()).isEqualTo(2);
  }

  @Test
  void holdsNothingOfADeadLetterButItsReason() throws Exception {
    DashboardState state = new DashboardState();
    String line = "{\"patientId\":\"PSEUDONYM-abc123\",\"asaClass\":9}";
    state.putDeadLetter("events.jsonl:1", Fixtures.deadLetter(1, RejectionReason.OUT_OF_RANGE, line));
    DashboardApi api = new DashboardApi(state);
    ObjectMapper json = new ObjectMapper();
    String everything = json.writeValueAsString(api.dataQuality()) + json.writeValueAsString(api.status())
        + json.writeValueAsString(api.comparisons(null, null, null)) + json.writeValueAsString(api.metrics());
    assertThat(everything).doesNotContain("PSEUDONYM-abc123").doesNotContain("asaClass").doesNotContain("detail of");
    // Nor does the state keep it: no field of the state holds the line.
    assertThat(fieldsText(state)).doesNotContain("PSEUDONYM-abc123");
  }

  @Test
  void tellsListenersOfEveryChangeAndCountsInputRecords() {
    DashboardState state = new DashboardState();
    AtomicInteger told = new AtomicInteger();
    state.addListener(told::incrementAndGet);
    state.setInputRecords(Map.of(Topics.PROCEDURES.name(), 10L));
    state.setInputRecords(Map.of(Topics.PROCEDURES.name(), 10L));
    state.setInputRecords(Map.of(Topics.PROCEDURES.name(), 12L));
    assertThat(told.get()).as("an unchanged count is no change").isEqualTo(2);
    assertThat(state.inputRecords()).containsEntry(Topics.PROCEDURES.name(), 12L);
  }

  @Test
  void dataQualityCountsTheRecordsSetAsideApartFromTheAccepted() {
    DashboardState state = new DashboardState();
    DashboardApi api = new DashboardApi(state);
    assertThat(api.dataQuality().get("setAside").isNull()).as("no such topic yet").isTrue();
    state.setInputRecords(Map.of(Topics.PROCEDURES.name(), 10L, Topics.FOLLOW_UPS.name(), 30L,
        Topics.UNDECODABLE_INPUT.name(), 2L));
    assertThat(api.dataQuality().get("setAside").asLong()).isEqualTo(2);
    assertThat(api.dataQuality().get("acceptedTotal").asLong()).isEqualTo(40);
  }

  @Test
  void isCaughtUpWhenEveryPresentSinkTopicIs() {
    DashboardState state = new DashboardState();
    assertThat(state.caughtUp()).as("nothing read yet").isFalse();
    state.setProgress(Topics.OUTCOME_COMPARISONS.name(), new DashboardState.TopicProgress(true, 4, 10, false));
    state.setProgress(Topics.DEAD_LETTER.name(), new DashboardState.TopicProgress(false, 0, 0, true));
    assertThat(state.caughtUp()).isFalse();
    state.setProgress(Topics.OUTCOME_COMPARISONS.name(), new DashboardState.TopicProgress(true, 4, 20, true));
    assertThat(state.caughtUp()).isTrue();
  }

  @Test
  void keepsTheLatestPerformancePerProviderAndATombstoneRemovesIt() {
    DashboardState state = new DashboardState();
    state.putProviderPerformance("hospital/H01", Fixtures.performance(ProviderType.HOSPITAL, "H01", null, 120, 9, 10.5, 120));
    state.putProviderPerformance("hospital/H01", Fixtures.performance(ProviderType.HOSPITAL, "H01", null, 130, 10, 11.5, 130));
    state.putProviderPerformance("surgeon/H01-S01/OPEN",
        Fixtures.performance(ProviderType.SURGEON, "H01-S01", Approach.OPEN, 40, 3, 2.5, 40));
    assertThat(state.providerPerformance()).containsOnlyKeys("hospital/H01", "surgeon/H01-S01/OPEN");
    assertThat(state.providerPerformance("hospital/H01").orElseThrow().getCases()).isEqualTo(130);
    long before = state.version();

    state.putProviderPerformance("surgeon/H01-S01/OPEN", null);
    assertThat(state.providerPerformance()).containsOnlyKeys("hospital/H01");
    assertThat(state.version()).isEqualTo(before + 1);
    state.putProviderPerformance("surgeon/never/OPEN", null);
    assertThat(state.version()).as("a tombstone for an unknown provider changes nothing").isEqualTo(before + 1);
  }

  @Test
  void anAlertTombstoneWithdrawsTheAlert() {
    DashboardState state = new DashboardState();
    String first = "surgeon/H01-S01/OPEN/UPPER/H01-PROC-000123";
    String second = "hospital/H02/LOWER/H02-PROC-000456";
    state.putQualityAlert(first, Fixtures.alert(ProviderType.SURGEON, "H01-S01", Approach.OPEN, CusumChart.UPPER,
        LocalDate.of(2025, 3, 2), "H01-PROC-000101", "H01-PROC-000123"));
    state.putQualityAlert(second, Fixtures.alert(ProviderType.HOSPITAL, "H02", null, CusumChart.LOWER,
        LocalDate.of(2025, 5, 9), "H02-PROC-000456"));
    assertThat(state.alerts()).extracting(DashboardState.Alert::providerKey)
        .as("newest signal first").containsExactly("hospital/H02", "surgeon/H01-S01/OPEN");
    long before = state.version();

    state.putQualityAlert(second, null);
    assertThat(state.alerts()).extracting(DashboardState.Alert::providerKey).containsExactly("surgeon/H01-S01/OPEN");
    assertThat(state.version()).isEqualTo(before + 1);
    state.putQualityAlert(second, null);
    assertThat(state.version()).as("withdrawn once is enough").isEqualTo(before + 1);

    // The same key again replaces the alert rather than adding one.
    state.putQualityAlert(first, Fixtures.alert(ProviderType.SURGEON, "H01-S01", Approach.OPEN, CusumChart.UPPER,
        LocalDate.of(2025, 3, 3), "H01-PROC-000123"));
    assertThat(state.alerts()).hasSize(1);
    assertThat(state.alerts().get(0).signalledOn()).isEqualTo(LocalDate.of(2025, 3, 3));
  }

  @Test
  void holdsNoProcedureIdOfAnAlertOnlyHowManyItLists() throws Exception {
    DashboardState state = new DashboardState();
    state.putQualityAlert("surgeon/H01-S01/OPEN/UPPER/H01-PROC-000123", Fixtures.alert(ProviderType.SURGEON,
        "H01-S01", Approach.OPEN, CusumChart.UPPER, LocalDate.of(2025, 3, 2), "H01-PROC-000101", "H01-PROC-000117",
        "H01-PROC-000123"));
    assertThat(state.alerts().get(0).casesForReview()).isEqualTo(3);
    assertThat(state.alerts().get(0).casesSinceReset()).isEqualTo(37);
    assertThat(fieldsText(state)).as("neither the key nor the list is kept").doesNotContain("PROC");
    DashboardApi api = new DashboardApi(state);
    ObjectMapper json = new ObjectMapper();
    String served = json.writeValueAsString(api.monitoring()) + json.writeValueAsString(api.status());
    assertThat(served).doesNotContain("PROC").contains("\"casesForReview\":3");
  }

  private static String fieldsText(Object o) throws IllegalAccessException {
    StringBuilder sb = new StringBuilder();
    for (var f : o.getClass().getDeclaredFields()) {
      f.setAccessible(true);
      sb.append(f.get(o));
    }
    return sb.toString();
  }
}
