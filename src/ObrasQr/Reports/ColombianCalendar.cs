using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace ObrasQr.Reports;

/// <summary>
/// Colombian national public holidays (festivos) and business-day arithmetic for the petition deadlines of
/// Ley 1755 de 2015 art. 14, which are counted in business days (días hábiles): Monday to Friday, not a festivo.
/// </summary>
public static class ColombianCalendar
{
    /// <summary>
    /// Ley 51 de 1983 (Ley Emiliani) set today's list and its move-to-Monday rule; it applies from 1984 on.
    /// Earlier years had other rules, so they are refused rather than answered wrongly.
    /// </summary>
    public const int FirstSupportedYear = 1984;

    // DateOnly cannot go past year 9999.
    private const int LastSupportedYear = 9999;

    // Ley 51 de 1983 art. 1: holidays kept on their own date, whatever the day of the week.
    private static readonly (int Month, int Day)[] FixedHolidays =
    [
        (1, 1),   // Año Nuevo
        (5, 1),   // Día del Trabajo
        (7, 20),  // Independencia
        (8, 7),   // Batalla de Boyacá
        (12, 8),  // Inmaculada Concepción
        (12, 25), // Navidad
    ];

    // Ley 51 de 1983 art. 1: when these fall on a day other than Monday, the rest moves to the following Monday.
    private static readonly (int Month, int Day)[] MovedToMondayHolidays =
    [
        (1, 6),   // Reyes Magos
        (3, 19),  // San José
        (6, 29),  // San Pedro y San Pablo
        (8, 15),  // Asunción de la Virgen
        (10, 12), // Día de la Raza
        (11, 1),  // Todos los Santos
        (11, 11), // Independencia de Cartagena
    ];

    // Days from Easter Sunday. Jueves and Viernes Santo are not moved (Ley 51 de 1983 keeps them).
    private const int HolyThursdayOffset = -3;
    private const int GoodFridayOffset = -2;

    // Ascensión (Thursday, Easter + 39), Corpus Christi (Thursday, Easter + 60) and Sagrado Corazón
    // (Friday, Easter + 68) are moved by Ley 51 de 1983 to the following Monday: Easter + 43, + 64 and + 71.
    private const int AscensionMondayOffset = 43;
    private const int CorpusChristiMondayOffset = 64;
    private const int SacredHeartMondayOffset = 71;

    // Computing a year is cheap but deadline loops ask for the same years over and over, from many requests.
    private static readonly ConcurrentDictionary<int, FrozenSet<DateOnly>> HolidaysByYear = new();

    /// <summary>All national festivos of <paramref name="year"/> (1984 onward), after the Ley Emiliani moves.</summary>
    /// <remarks>Two holidays can land on the same Monday (e.g. 2025-06-30): the set then holds that date once.</remarks>
    public static IReadOnlySet<DateOnly> Holidays(int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, FirstSupportedYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, LastSupportedYear);
        return HolidaysByYear.GetOrAdd(year, ComputeHolidays);
    }

    public static bool IsHoliday(DateOnly day) => Holidays(day.Year).Contains(day);

    /// <summary>A día hábil: Monday to Friday and not a festivo.</summary>
    public static bool IsBusinessDay(DateOnly day) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsHoliday(day);

    /// <summary>
    /// The date of the <paramref name="days"/>-th business day after <paramref name="filed"/>: Ley 1755 de 2015
    /// art. 14 counts the term from the day after filing, so the filing day never counts, even when it is itself a
    /// business day. Zero days gives back <paramref name="filed"/>.
    /// </summary>
    public static DateOnly AddBusinessDays(DateOnly filed, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var day = filed;
        var counted = 0;
        while (counted < days)
        {
            day = day.AddDays(1);
            if (IsBusinessDay(day))
            {
                counted++;
            }
        }

        return day;
    }

    /// <summary>
    /// Business days after <paramref name="from"/> up to and including <paramref name="to"/>, the same count
    /// <see cref="AddBusinessDays"/> uses (so days left = BusinessDaysBetween(today, deadline)); 0 when
    /// <paramref name="to"/> is not after <paramref name="from"/>.
    /// </summary>
    public static int BusinessDaysBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (IsBusinessDay(day))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Western (Gregorian) Easter Sunday, by the anonymous Gregorian algorithm (Meeus/Jones/Butcher), valid for
    /// every Gregorian year. The Easter-based festivos hang off it.
    /// </summary>
    public static DateOnly EasterSunday(int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 1583); // first full Gregorian year
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, LastSupportedYear);

        // Variable names follow the published algorithm so it can be checked line by line.
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    private static FrozenSet<DateOnly> ComputeHolidays(int year)
    {
        var holidays = new HashSet<DateOnly>();

        foreach (var (month, day) in FixedHolidays)
        {
            holidays.Add(new DateOnly(year, month, day));
        }

        foreach (var (month, day) in MovedToMondayHolidays)
        {
            holidays.Add(NextMondayOrSame(new DateOnly(year, month, day)));
        }

        var easter = EasterSunday(year);
        holidays.Add(easter.AddDays(HolyThursdayOffset));
        holidays.Add(easter.AddDays(GoodFridayOffset));
        holidays.Add(easter.AddDays(AscensionMondayOffset));
        holidays.Add(easter.AddDays(CorpusChristiMondayOffset));
        holidays.Add(easter.AddDays(SacredHeartMondayOffset));

        return holidays.ToFrozenSet();
    }

    // Ley 51 de 1983 art. 1: a holiday already on a Monday stays; otherwise it moves to the next Monday.
    private static DateOnly NextMondayOrSame(DateOnly day)
    {
        var daysToMonday = ((int)DayOfWeek.Monday - (int)day.DayOfWeek + 7) % 7;
        return day.AddDays(daysToMonday);
    }
}
