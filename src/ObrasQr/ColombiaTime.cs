namespace ObrasQr;

/// <summary>Colombia keeps UTC-5 all year (no daylight saving); legal days and deadlines are counted there.</summary>
public static class ColombiaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(-5);

    public static DateTimeOffset Now(TimeProvider clock) => clock.GetUtcNow().ToOffset(Offset);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(Now(clock).DateTime);
}
