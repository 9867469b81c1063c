namespace ObrasQr.Contracts;

/// <summary>
/// Sums and percentages for any value a source can hold (decimal up to 7.9e28): a hostile or mistyped figure shows
/// as an extreme percentage or no figure at all, never as an overflow that breaks the page.
/// </summary>
public static class SafeMath
{
    /// <summary>Displayed percentages stop here; "over a million percent" says all there is to say.</summary>
    public const int MaxPercent = 1_000_000;

    /// <summary>part / whole in whole percent, clamped to 0..<see cref="MaxPercent"/>; null when whole is not positive.</summary>
    public static int? Percent(decimal part, decimal whole)
    {
        if (whole <= 0) return null;
        if (part <= 0) return 0;
        if (Divide(part, whole) is not { } ratio || ratio >= MaxPercent / 100m) return MaxPercent;
        return (int)Math.Round(ratio * 100, MidpointRounding.AwayFromZero);
    }

    public static decimal? Divide(decimal a, decimal b)
    {
        if (b == 0) return null;
        try { return a / b; }
        catch (OverflowException) { return null; }
    }

    public static decimal? Add(decimal a, decimal b)
    {
        try { return a + b; }
        catch (OverflowException) { return null; }
    }

    public static decimal? Subtract(decimal a, decimal b)
    {
        try { return a - b; }
        catch (OverflowException) { return null; }
    }

    /// <summary>The sum, or null when it does not fit a decimal.</summary>
    public static decimal? Sum(IEnumerable<decimal> values)
    {
        decimal total = 0;
        foreach (var v in values)
            if (Add(total, v) is { } t) total = t;
            else return null;
        return total;
    }

    /// <summary>The day moved by <paramref name="days"/>, clamped to the calendar.</summary>
    public static DateOnly AddDays(DateOnly day, int days)
    {
        var target = (long)day.DayNumber + days;
        return DateOnly.FromDayNumber((int)Math.Clamp(target, DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber));
    }
}
