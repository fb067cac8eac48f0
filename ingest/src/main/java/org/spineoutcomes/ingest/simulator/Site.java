package org.spineoutcomes.ingest.simulator;

import org.spineoutcomes.schemas.Condition;

/** The simulated hospitals and their surgeons, fixed for a seed. */
final class Site {

  /** A hospital's traits; see the class Javadoc of {@link Simulator} for the figures. */
  record HospitalProfile(String label, double volume, double microscopicPreference, double herniated,
               double tumour, double deformity, double ageShift, double complicationEffect,
               double loupeShare, double endoscopeShare) {}

  static final HospitalProfile[] PROFILES = {
    new HospitalProfile("university tertiary centre, microscopic-leaning", 1.3, 0.9, 0.9, 2.0, 1.4, 0, 0.0,
        0.60, 0.10),
    new HospitalProfile("community hospital, open-leaning", 1.0, -1.1, 1.0, 0.3, 0.5, 4, 0.15, 0.35, 0.0),
    new HospitalProfile("orthopaedic spine centre, deformity referrals", 1.2, 0.2, 1.0, 0.5, 2.2, -1, -0.10,
        0.70, 0.05),
    new HospitalProfile("small regional hospital, older patients, open-leaning", 0.6, -0.6, 1.0, 0.4, 0.6, 6,
        0.20, 0.30, 0.0),
    new HospitalProfile("private day-surgery clinic, microscopic-leaning, younger patients", 0.9, 1.5, 1.6, 0.05,
        0.2, -7, -0.20, 0.50, 0.25),
    new HospitalProfile("general teaching hospital, balanced", 1.0, 0.0, 1.0, 1.3, 1.0, 2, 0.0, 0.50, 0.08),
  };

  /** Base case mix by condition (before the hospital's multipliers). */
  static final double[] BASE_CONDITION_MIX = Tables.byCondition(0.40, 0.28, 0.16, 0.05, 0.11);

  record Surgeon(String id, double microscopicPreference, double complicationEffect, double volume) {}

  record Hospital(String id, HospitalProfile profile, double microscopicPreference, double[] conditionWeights,
          Surgeon[] surgeons, double[] surgeonWeights) {}

  final Hospital[] hospitals;
  final double[] hospitalWeights;

  private Site(Hospital[] hospitals) {
    this.hospitals = hospitals;
    this.hospitalWeights = new double[hospitals.length];
    for (int i = 0; i < hospitals.length; i++) {
      hospitalWeights[i] = hospitals[i].profile().volume();
    }
  }

  static Site build(SimulatorConfig config) {
    Rng rng = new Rng(Rng.derive(config.seed(), 0x5173L, 0));
    Hospital[] hospitals = new Hospital[config.hospitals()];
    for (int h = 0; h < hospitals.length; h++) {
      HospitalProfile p = PROFILES[h % PROFILES.length];
      double pref = p.microscopicPreference() + (h >= PROFILES.length ? rng.normal(0, 0.4) : 0.0);
      double[] mix = BASE_CONDITION_MIX.clone();
      mix[Condition.HERNIATED_DISC.ordinal()] *= p.herniated();
      mix[Condition.SPINAL_TUMOR.ordinal()] *= p.tumour();
      mix[Condition.SPINAL_DEFORMITY.ordinal()] *= p.deformity();
      String id = "H" + (h + 1 < 10 ? "0" : "") + (h + 1);
      int n = rng.between(config.minSurgeonsPerHospital(), config.maxSurgeonsPerHospital());
      Surgeon[] surgeons = new Surgeon[n];
      double[] weights = new double[n];
      for (int s = 0; s < n; s++) {
        String sid = id + "-S" + (s + 1 < 10 ? "0" : "") + (s + 1);
        surgeons[s] = new Surgeon(sid, rng.normal(0, 0.5), config.surgeonEffectSd() * rng.gaussian(),
            0.5 + rng.nextDouble());
        weights[s] = surgeons[s].volume();
      }
      hospitals[h] = new Hospital(id, p, pref, mix, surgeons, weights);
    }
    return new Site(hospitals);
  }
}
