/// A statistical test or distance that decides whether a column drifted, named as
/// `monitor(method:)` and `drift(method:)` take it.
public enum DriftMethod: String, CaseIterable, Sendable {
    /// Two-sample Kolmogorov–Smirnov test (p-value; drift if p ≤ threshold).
    case ks
    /// Chi-square test of the current counts against the reference proportions.
    case chi2
    /// Two-proportion z-test, for columns with at most two values.
    case z
    /// Wasserstein distance divided by max(std(reference), 0.001).
    case wasserstein
    /// Jensen–Shannon distance (natural log) over shared bins.
    case js
    /// Population stability index, zero bins filled as Evidently does.
    case psi
    /// Kullback–Leibler divergence of reference from current, over shared bins.
    case kl
    /// Hellinger distance over shared bins.
    case hellinger
}
