namespace ObrasQr.Progress;

/// <summary>
/// The rectangle that holds all of Colombia's territory, islands included: mainland from Leticia (-4.23) to Punta
/// Gallinas (12.46) and from the Pacific coast (-79.0) to the Guainía (-66.85); San Andrés (-81.7), Providencia
/// (13.4), the Serranilla and Bajo Nuevo banks (15.9) and Malpelo (-81.6) widen it. Works of a Colombian entity lie
/// inside it, so a point outside is a typing slip (a lost minus sign, latitude and longitude swapped), not a place to
/// show on the map. A rectangle also holds bits of neighbouring countries; only a border polygon would tell those
/// apart, and no rule here needs that precision.
/// </summary>
public static class ColombiaBounds
{
    public const double South = -4.3, North = 16.2, West = -82.0, East = -66.8;

    public static bool Contains(double latitude, double longitude) =>
        latitude is >= South and <= North && longitude is >= West and <= East;
}
