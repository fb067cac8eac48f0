package org.spineoutcomes.ingest.simulator;

import java.time.Instant;
import org.spineoutcomes.schemas.Approach;
import org.spineoutcomes.schemas.Condition;
import org.spineoutcomes.schemas.Sex;
import org.spineoutcomes.schemas.SpinalRegion;
import org.spineoutcomes.schemas.Technique;

/**
 * The simulator's ground truth for one procedure, handed to an optional listener when the procedure is created
 * (just before its ProcedurePerformed is emitted). Values are the true ones, i.e. what a corrected
 * ProcedurePerformed says, whatever the feed later hides (missing visits, withdrawals).
 *
 * @param complicationLinearPredictor the full log odds of a 90-day complication, including hospital, surgeon and
 *                                    deterioration terms
 * @param complicationProbability     {@code 1 / (1 + exp(-complicationLinearPredictor))}
 * @param complication90d             whether the procedure truly had a complication within 90 days (intraoperative
 *                                    or onset day &le; 90)
 * @param patientLinearPredictor      the part of the log odds given by {@link ComplicationRiskModel} alone
 * @param daysToNormalActivity        true days to normal activity, or -1 if the patient never gets there within
 *                                    the follow-up year (or dies)
 * @param secondProcedureOfPatient    whether this is the patient's second (or later) procedure
 */
public record ProcedureTruth(
        String procedureId,
        String hospitalId,
        String surgeonId,
        String patientId,
        Instant performedAt,
        Approach approach,
        Technique technique,
        Condition condition,
        SpinalRegion spinalRegion,
        int levels,
        int ageYears,
        Sex sex,
        int asaClass,
        double bmi,
        boolean smoker,
        boolean diabetic,
        double patientLinearPredictor,
        double complicationLinearPredictor,
        double complicationProbability,
        boolean complication90d,
        int lengthOfStayDays,
        int daysToNormalActivity,
        boolean secondProcedureOfPatient) {}
