using System.Globalization;

namespace ObrasQr.Accountability;

/// <summary>A half year, the period of the semiannual report of Ley 1474 de 2011 art. 76: January to June, or July to December.</summary>
public sealed record Semester(int Year, int Half)
{
    public DateOnly Start => new(Year, Half == 1 ? 1 : 7, 1);
    public DateOnly End => Half == 1 ? new(Year, 6, 30) : new(Year, 12, 31);
    public string Code => $"{Year.ToString(CultureInfo.InvariantCulture)}-{Half}";
    public string Label => $"{(Half == 1 ? "primer" : "segundo")} semestre de {Year.ToString(CultureInfo.InvariantCulture)} ({(Half == 1 ? "enero a junio" : "julio a diciembre")})";

    public static Semester Of(DateOnly day) => new(day.Year, day.Month <= 6 ? 1 : 2);

    public bool Contains(DateOnly day) => day >= Start && day <= End;

    /// <summary>"2026-2" for a semester that has begun (Colombian business days are known from 1984 on), or a Spanish reason.</summary>
    public static (Semester? Semester, string? Problem) Parse(string? text, DateOnly today)
    {
        var parts = (text ?? "").Split('-');
        if (parts.Length != 2 || parts[0].Length != 4 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || parts[1] is not ("1" or "2"))
            return (null, "Escriba el semestre como año-1 o año-2, por ejemplo 2026-2 (julio a diciembre de 2026).");
        var semester = new Semester(year, parts[1] == "1" ? 1 : 2);
        if (year < Reports.ColombianCalendar.FirstSupportedYear)
            return (null, $"El informe se calcula desde {Reports.ColombianCalendar.FirstSupportedYear}.");
        if (semester.Start > today)
            return (null, $"El {semester.Label} aún no ha empezado.");
        return (semester, null);
    }
}
