import Foundation

/// Bounds on geodesic length from the straight-line (chord) distance through the ellipsoid, which decide
/// most pairs of a distance join without solving the geodesic:
/// - lower: no path on the surface is shorter than the straight line, so s ≥ c;
/// - upper: a geodesic's curvature equals the surface's normal curvature along it, at most 1/ρ with
///   ρ = b²/a (the smallest radius of curvature of WGS84, at the poles… of the meridian at the equator).
///   By Schur's comparison theorem a curve of length s with curvature ≤ 1/ρ has a chord at least that of a
///   circle arc of radius ρ and length s, so c ≥ 2ρ sin(s/2ρ), i.e. s ≤ 2ρ asin(c/2ρ) (for s < πρ).
/// At 1 km the two bounds are 1 µm apart, so only pairs that close to the threshold need `geod_inverse`.
struct ChordBounds: Sendable {
    /// Cartesian WGS84 (ECEF) position in metres of a lon/lat point on the ellipsoid.
    @inline(__always)
    static func ecef(lon: Double, lat: Double) -> SIMD3<Double> {
        let a = 6_378_137.0, f = 1 / 298.257223563
        let e2 = f * (2 - f)
        let phi = lat * .pi / 180, lambda = lon * .pi / 180
        let sinPhi = sin(phi), cosPhi = cos(phi)
        let n = a / (1 - e2 * sinPhi * sinPhi).squareRoot()
        return SIMD3(n * cosPhi * cos(lambda), n * cosPhi * sin(lambda), n * (1 - e2) * sinPhi)
    }

    /// ρ = b²/a = a(1 − f)².
    static let minimumRadiusOfCurvature = 6_378_137.0 * (1 - 1 / 298.257223563) * (1 - 1 / 298.257223563)
    /// Absorbs rounding in the ECEF positions (≈1e-9 m each) and in the bound itself.
    static let slack = 1e-6
    /// Beyond this the "s < πρ" condition and float cancellation are not worth reasoning about: solve exactly.
    static let largestShortcut = 1_000_000.0

    let distance: Double
    let squaredRejectAbove: Double
    let squaredAcceptBelow: Double

    /// For the question "is s ≤ distance?": chords above `reject` are certainly farther, chords below
    /// `accept` certainly nearer; in between (and for very large distances) the caller solves exactly.
    init(distance: Double) {
        self.distance = distance
        guard distance <= ChordBounds.largestShortcut else {
            squaredRejectAbove = .infinity
            squaredAcceptBelow = -1
            return
        }
        let rho = ChordBounds.minimumRadiusOfCurvature
        let reject = distance + ChordBounds.slack
        // Largest chord c whose upper bound 2ρ asin(c/2ρ) is still ≤ distance: c = 2ρ sin(distance/2ρ).
        let accept = max(0, 2 * rho * sin(distance / (2 * rho)) - ChordBounds.slack)
        squaredRejectAbove = reject * reject
        squaredAcceptBelow = accept * accept
    }

    enum Verdict { case near, far, undecided }

    @inline(__always)
    func classify(_ p: SIMD3<Double>, _ q: SIMD3<Double>) -> Verdict {
        let d = p - q
        let c2 = (d * d).sum()
        if c2 > squaredRejectAbove { return .far }
        if c2 < squaredAcceptBelow { return .near }
        return .undecided
    }
}
