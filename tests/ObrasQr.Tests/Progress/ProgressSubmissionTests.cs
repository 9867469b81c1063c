using ObrasQr.Progress;

namespace ObrasQr.Tests.Progress;

public sealed class ProgressSubmissionTests
{
    static readonly DateOnly Today = new(2026, 11, 30);

    static ProgressEntry Earlier(DateOnly on, decimal percent) => new()
    {
        EntryId = "e" + on.DayNumber, ContractId = "CO1.PCCNTR.1", ObservedOn = on, Percent = percent,
        RecordedBy = "Ana Pérez", RecordedAt = new DateTimeOffset(on.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
    };

    static (string? Field, string? Reason) Problem(ProgressSubmission s, params ProgressEntry[] earlier)
    {
        var (_, problem) = s.Check(Today, earlier.OrderByDescending(e => e.ObservedOn).ToList());
        return (problem?.Field, problem?.Reason);
    }

    static ProgressSubmission Valid => new() { Date = "2026-11-29", Percent = "42,5" };

    [Fact]
    public void A_dated_percent_is_enough_and_a_comma_or_a_point_reads_as_the_decimal_mark()
    {
        var (value, problem) = Valid.Check(Today, []);
        var (dotted, _) = (Valid with { Percent = "42.5" }).Check(Today, []);

        Assert.Null(problem);
        Assert.Equal(42.5m, value!.Percent);
        Assert.Equal(42.5m, dotted!.Percent);
        Assert.Equal(new DateOnly(2026, 11, 29), value.ObservedOn);
    }

    [Theory]
    [InlineData(null, "date", "Escriba la fecha")]
    [InlineData("30/11/2026", "date", "año-mes-día")]
    [InlineData("2026-12-01", "date", "no puede ser posterior a hoy")]
    public void Date_must_be_given_as_year_month_day_and_not_in_the_future(string? date, string field, string reason)
    {
        var (f, r) = Problem(Valid with { Date = date });

        Assert.Equal(field, f);
        Assert.Contains(reason, r);
    }

    [Theory]
    [InlineData(null, "Escriba el porcentaje")]
    [InlineData("mucho", "debe ser un número")]
    [InlineData("100,1", "va de 0 a 100")]
    [InlineData("-1", "va de 0 a 100")]
    [InlineData("42,55", "un decimal")]
    public void Percent_is_a_number_from_0_to_100_with_one_decimal_at_most(string? percent, string reason)
    {
        var (field, r) = Problem(Valid with { Percent = percent });

        Assert.Equal("percent", field);
        Assert.Contains(reason, r);
    }

    [Fact]
    public void A_lower_percent_than_the_previous_entry_needs_a_note_that_explains_it()
    {
        var previous = Earlier(new DateOnly(2026, 11, 20), 50);

        var (field, reason) = Problem(Valid with { Percent = "40" }, previous);
        var (explained, _) = (Valid with { Percent = "40", Note = "Se demolió la placa por fallas de calidad." }).Check(Today, [previous]);

        Assert.Equal("note", field);
        Assert.Contains("baja de 50 % (registro del 2026-11-20) a 40 %", reason);
        Assert.NotNull(explained);
    }

    [Fact]
    public void An_entry_dated_before_a_higher_one_compares_with_the_entry_before_its_own_day()
    {
        var older = Earlier(new DateOnly(2026, 11, 1), 10);
        var newer = Earlier(new DateOnly(2026, 11, 25), 60);

        var (field, _) = Problem(Valid with { Date = "2026-11-10", Percent = "20" }, older, newer);

        Assert.Null(field);
    }

    [Fact]
    public void Note_has_a_limit()
    {
        var (field, reason) = Problem(Valid with { Note = new string('a', ProgressSubmission.MaxNote + 1) });

        Assert.Equal("note", field);
        Assert.Contains($"hasta {ProgressSubmission.MaxNote} caracteres", reason);
    }

    [Theory]
    [InlineData("10.39", null, "latitud y la longitud, o deje ambas vacías")]
    [InlineData("norte", "-75.47", "grados decimales (WGS84)")]
    [InlineData("91", "-75.47", "latitud va de -90 a 90")]
    [InlineData("10.39", "-181", "longitud va de -180 a 180")]
    [InlineData("NaN", "-75.47", "grados decimales")]
    [InlineData("10.39", "75.47", "fuera de Colombia")] // the minus sign lost: India
    [InlineData("-75.47", "10.39", "fuera de Colombia")] // swapped
    [InlineData("0", "0", "fuera de Colombia")]
    public void Coordinates_are_both_or_neither_and_valid_WGS84_degrees_inside_Colombia(string? lat, string? lon, string reason)
    {
        var (field, r) = Problem(Valid with { Latitude = lat, Longitude = lon });

        Assert.Equal("location", field);
        Assert.Contains(reason, r);
    }

    [Theory]
    [InlineData("12.5847", "-81.7006")] // San Andrés
    [InlineData("-4.2153", "-69.9406")] // Leticia
    [InlineData("12.4586", "-71.6678")] // Punta Gallinas
    [InlineData("4.0000", "-81.6000")] // Malpelo
    public void Points_at_the_edges_of_Colombia_are_kept(string lat, string lon)
    {
        var (value, problem) = (Valid with { Latitude = lat, Longitude = lon }).Check(Today, []);

        Assert.Null(problem);
        Assert.NotNull(value!.Latitude);
    }

    [Fact]
    public void Valid_coordinates_are_kept()
    {
        var (value, _) = (Valid with { Latitude = "10.3910", Longitude = "-75.4794" }).Check(Today, []);

        Assert.Equal((10.3910, -75.4794), (value!.Latitude!.Value, value.Longitude!.Value));
    }
}
