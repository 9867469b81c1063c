using System.Globalization;
using ObrasQr.Reports;

namespace ObrasQr.Tests.Reports;

public class ColombianCalendarTests
{
    // Every expected holiday list below was copied from published calendars, not from the algorithm under test:
    // 2024: noticias24colombia.com "Calendario de Colombia 2024" and seguimiento.co "días feriados 2024".
    // 2025: festivos.com.co/2025 and publicholidays.co/es/2025-dates (which points to banrep.gov.co).
    // 2026: publimetro.co (2025-11-05) and elespectador.com "Calendario con los festivos en Colombia 2026".
    private static readonly string[] Holidays2024 =
    [
        "2024-01-01", // Año Nuevo (Monday)
        "2024-01-08", // Reyes Magos, from Saturday 6
        "2024-03-25", // San José, from Tuesday 19
        "2024-03-28", // Jueves Santo
        "2024-03-29", // Viernes Santo
        "2024-05-01", // Día del Trabajo (Wednesday)
        "2024-05-13", // Ascensión
        "2024-06-03", // Corpus Christi
        "2024-06-10", // Sagrado Corazón
        "2024-07-01", // San Pedro y San Pablo, from Saturday 29 June
        "2024-07-20", // Independencia (Saturday, not moved)
        "2024-08-07", // Batalla de Boyacá (Wednesday)
        "2024-08-19", // Asunción, from Thursday 15
        "2024-10-14", // Día de la Raza, from Saturday 12
        "2024-11-04", // Todos los Santos, from Friday 1
        "2024-11-11", // Independencia de Cartagena (Monday)
        "2024-12-08", // Inmaculada Concepción (Sunday, not moved)
        "2024-12-25", // Navidad (Wednesday)
    ];

    private static readonly string[] Holidays2025 =
    [
        "2025-01-01", // Año Nuevo
        "2025-01-06", // Reyes Magos (already Monday)
        "2025-03-24", // San José
        "2025-04-17", // Jueves Santo
        "2025-04-18", // Viernes Santo
        "2025-05-01", // Día del Trabajo
        "2025-06-02", // Ascensión
        "2025-06-23", // Corpus Christi
        "2025-06-30", // Sagrado Corazón and San Pedro y San Pablo, both on this Monday
        "2025-07-20", // Independencia (Sunday, not moved)
        "2025-08-07", // Batalla de Boyacá
        "2025-08-18", // Asunción
        "2025-10-13", // Día de la Raza
        "2025-11-03", // Todos los Santos
        "2025-11-17", // Independencia de Cartagena
        "2025-12-08", // Inmaculada Concepción
        "2025-12-25", // Navidad
    ];

    private static readonly string[] Holidays2026 =
    [
        "2026-01-01", // Año Nuevo
        "2026-01-12", // Reyes Magos, from Tuesday 6
        "2026-03-23", // San José, from Thursday 19
        "2026-04-02", // Jueves Santo
        "2026-04-03", // Viernes Santo
        "2026-05-01", // Día del Trabajo
        "2026-05-18", // Ascensión
        "2026-06-08", // Corpus Christi
        "2026-06-15", // Sagrado Corazón
        "2026-06-29", // San Pedro y San Pablo (already Monday)
        "2026-07-20", // Independencia
        "2026-08-07", // Batalla de Boyacá
        "2026-08-17", // Asunción, from Saturday 15
        "2026-10-12", // Día de la Raza (already Monday)
        "2026-11-02", // Todos los Santos, from Sunday 1
        "2026-11-16", // Independencia de Cartagena, from Wednesday 11
        "2026-12-08", // Inmaculada Concepción (Tuesday)
        "2026-12-25", // Navidad (Friday)
    ];

    private static DateOnly Day(string isoDate) =>
        DateOnly.ParseExact(isoDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void AssertHolidays(int year, string[] expected) =>
        Assert.Equal(expected.Select(Day).Order(), ColombianCalendar.Holidays(year).Order());

    [Fact]
    public void Holidays_2024_are_the_eighteen_official_ones() => AssertHolidays(2024, Holidays2024);

    [Fact]
    public void Holidays_2025_are_eighteen_festivos_on_seventeen_dates() => AssertHolidays(2025, Holidays2025);

    [Fact]
    public void Holidays_2026_are_the_eighteen_official_ones() => AssertHolidays(2026, Holidays2026);

    [Theory]
    // 2000, 2008: religioustolerance.org table; 2019: Rosetta Code "Holidays related to Easter";
    // 2024-2026: the Colombian calendars above (Jueves Santo + 3); 2038 (latest possible, 25 April) and
    // 2285 (earliest possible, 22 March): widely published extremes of the Gregorian computus.
    [InlineData(2000, "2000-04-23")]
    [InlineData(2008, "2008-03-23")]
    [InlineData(2019, "2019-04-21")]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2038, "2038-04-25")]
    [InlineData(2285, "2285-03-22")]
    public void Easter_sunday_matches_the_published_date(int year, string expected) =>
        Assert.Equal(Day(expected), ColombianCalendar.EasterSunday(year));

    [Theory]
    [InlineData("2025-01-06")] // Reyes Magos
    [InlineData("2026-06-29")] // San Pedro y San Pablo
    [InlineData("2026-10-12")] // Día de la Raza
    public void A_movable_holiday_that_already_falls_on_a_monday_stays_there(string date)
    {
        var day = Day(date);
        Assert.Equal(DayOfWeek.Monday, day.DayOfWeek);
        Assert.True(ColombianCalendar.IsHoliday(day));
        Assert.False(ColombianCalendar.IsHoliday(day.AddDays(7)));
    }

    [Fact]
    public void A_movable_holiday_on_a_sunday_moves_to_the_next_day()
    {
        var allSaints = Day("2026-11-01");
        Assert.Equal(DayOfWeek.Sunday, allSaints.DayOfWeek);
        Assert.False(ColombianCalendar.IsHoliday(allSaints));
        Assert.True(ColombianCalendar.IsHoliday(Day("2026-11-02")));
    }

    [Fact]
    public void A_movable_holiday_on_a_weekday_leaves_that_weekday_a_business_day()
    {
        // Reyes Magos 2026 is Tuesday 6 January: the office works that day and rests on Monday 12.
        Assert.True(ColombianCalendar.IsBusinessDay(Day("2026-01-06")));
        Assert.False(ColombianCalendar.IsBusinessDay(Day("2026-01-12")));
    }

    [Fact]
    public void Fixed_holidays_on_a_weekend_are_not_moved_to_monday()
    {
        // 2024: Independencia on Saturday 20 July, Inmaculada Concepción on Sunday 8 December.
        Assert.True(ColombianCalendar.IsHoliday(Day("2024-07-20")));
        Assert.True(ColombianCalendar.IsHoliday(Day("2024-12-08")));
        Assert.True(ColombianCalendar.IsBusinessDay(Day("2024-07-22")));
        Assert.True(ColombianCalendar.IsBusinessDay(Day("2024-12-09")));
    }

    [Fact]
    public void Holy_thursday_and_good_friday_keep_their_weekday()
    {
        Assert.Equal(DayOfWeek.Thursday, Day("2026-04-02").DayOfWeek);
        Assert.True(ColombianCalendar.IsHoliday(Day("2026-04-02")));
        Assert.True(ColombianCalendar.IsHoliday(Day("2026-04-03")));
        Assert.True(ColombianCalendar.IsBusinessDay(Day("2026-04-06")));
    }

    [Fact]
    public void Two_holidays_moved_to_the_same_monday_make_a_single_day_off()
    {
        // 2025: Sagrado Corazón (Easter + 71) and San Pedro y San Pablo (Sunday 29 June, moved) share Monday 30 June.
        var holidays = ColombianCalendar.Holidays(2025);
        Assert.Contains(Day("2025-06-30"), holidays);
        Assert.Equal(17, holidays.Count);
        Assert.Equal(1, ColombianCalendar.BusinessDaysBetween(Day("2025-06-27"), Day("2025-07-01")));
    }

    [Fact]
    public void Weekends_are_not_business_days()
    {
        Assert.False(ColombianCalendar.IsBusinessDay(Day("2026-03-21"))); // Saturday
        Assert.False(ColombianCalendar.IsBusinessDay(Day("2026-03-22"))); // Sunday
        Assert.True(ColombianCalendar.IsBusinessDay(Day("2026-03-20"))); // Friday
    }

    [Fact]
    public void Fifteen_days_from_a_friday_cross_the_san_jose_bridge_and_holy_week()
    {
        // Filed Friday 20 March 2026: Monday 23 (San José), Thursday 2 and Friday 3 April (Semana Santa) skipped.
        Assert.Equal(Day("2026-04-15"), ColombianCalendar.AddBusinessDays(Day("2026-03-20"), 15));
    }

    [Fact]
    public void Filing_on_a_saturday_starts_counting_on_the_next_business_day()
    {
        // Sunday 22 and holiday Monday 23 skipped; day 1 is Tuesday 24 March 2026.
        Assert.Equal(Day("2026-03-24"), ColombianCalendar.AddBusinessDays(Day("2026-03-21"), 1));
        Assert.Equal(Day("2026-04-08"), ColombianCalendar.AddBusinessDays(Day("2026-03-21"), 10));
    }

    [Fact]
    public void Filing_on_a_holiday_starts_counting_on_the_next_business_day()
    {
        // Filed on Jueves Santo 2026: Good Friday and the weekend are skipped.
        Assert.Equal(Day("2026-04-06"), ColombianCalendar.AddBusinessDays(Day("2026-04-02"), 1));
        Assert.Equal(Day("2026-04-24"), ColombianCalendar.AddBusinessDays(Day("2026-04-02"), 15));
    }

    [Fact]
    public void The_filing_day_never_counts_even_when_it_is_a_business_day()
    {
        Assert.Equal(Day("2026-01-06"), ColombianCalendar.AddBusinessDays(Day("2026-01-05"), 1));
    }

    [Fact]
    public void Counting_crosses_the_new_year()
    {
        // Filed Wednesday 24 December 2025: Navidad and Año Nuevo skipped.
        Assert.Equal(Day("2026-01-02"), ColombianCalendar.AddBusinessDays(Day("2025-12-24"), 5));
    }

    [Fact]
    public void Zero_days_gives_back_the_filing_date_and_negative_days_are_refused()
    {
        Assert.Equal(Day("2026-03-21"), ColombianCalendar.AddBusinessDays(Day("2026-03-21"), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ColombianCalendar.AddBusinessDays(Day("2026-03-21"), -1));
    }

    [Theory]
    [InlineData(PetitionKind.General, 15)]
    [InlineData(PetitionKind.Documents, 10)]
    [InlineData(PetitionKind.Consultation, 30)]
    public void Legal_days_follow_ley_1755_article_14(PetitionKind kind, int expected) =>
        Assert.Equal(expected, kind.LegalDays());

    [Fact]
    public void A_consultation_filed_on_friday_20_march_2026_is_due_on_7_may()
    {
        // 30 business days, skipping San José, Semana Santa and Día del Trabajo (Friday 1 May).
        var due = ColombianCalendar.AddBusinessDays(Day("2026-03-20"), PetitionKind.Consultation.LegalDays());
        Assert.Equal(Day("2026-05-07"), due);
    }

    [Theory]
    [InlineData("2026-03-20", "2026-04-15", 15)]
    [InlineData("2026-03-20", "2026-03-23", 0)] // only a weekend and a holiday in between
    [InlineData("2026-03-20", "2026-03-24", 1)]
    [InlineData("2026-02-06", "2026-02-09", 1)] // an ordinary weekend
    [InlineData("2026-03-24", "2026-03-24", 0)] // same day
    [InlineData("2026-04-15", "2026-03-20", 0)] // deadline already passed
    public void Business_days_between_counts_after_from_up_to_and_including_to(string from, string to, int expected) =>
        Assert.Equal(expected, ColombianCalendar.BusinessDaysBetween(Day(from), Day(to)));

    [Fact]
    public void Business_days_between_undoes_add_business_days_for_every_filing_day_of_2024_to_2026()
    {
        int[] terms = [1, 5, 10, 15, 30];
        for (var filed = Day("2024-01-01"); filed <= Day("2026-12-31"); filed = filed.AddDays(1))
        {
            foreach (var term in terms)
            {
                var due = ColombianCalendar.AddBusinessDays(filed, term);
                Assert.True(ColombianCalendar.IsBusinessDay(due));
                Assert.Equal(term, ColombianCalendar.BusinessDaysBetween(filed, due));
            }
        }
    }

    [Fact]
    public void Every_holiday_of_every_supported_year_is_fixed_in_holy_week_or_on_a_monday()
    {
        for (var year = ColombianCalendar.FirstSupportedYear; year <= 2200; year++)
        {
            var easter = ColombianCalendar.EasterSunday(year);
            var holidays = ColombianCalendar.Holidays(year);
            // 18 holidays; at most the two that can share a Monday collapse.
            Assert.InRange(holidays.Count, 17, 18);
            foreach (var day in holidays)
            {
                var isFixed = day is { Month: 1, Day: 1 } or { Month: 5, Day: 1 } or { Month: 7, Day: 20 }
                    or { Month: 8, Day: 7 } or { Month: 12, Day: 8 } or { Month: 12, Day: 25 };
                var isHolyWeek = day == easter.AddDays(-3) || day == easter.AddDays(-2);
                Assert.True(isFixed || isHolyWeek || day.DayOfWeek == DayOfWeek.Monday, $"{day:yyyy-MM-dd}");
                Assert.Equal(year, day.Year);
            }
        }
    }

    [Fact]
    public void Holidays_are_computed_once_per_year_and_shared()
    {
        var sets = new IReadOnlySet<DateOnly>[16];
        Parallel.For(0, sets.Length, index => sets[index] = ColombianCalendar.Holidays(2031));
        Assert.All(sets, set => Assert.Same(sets[0], set));
    }

    [Theory]
    [InlineData(1983)]
    [InlineData(10000)]
    public void Years_outside_ley_51_de_1983_or_dateonly_are_refused(int year) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ColombianCalendar.Holidays(year));
}
