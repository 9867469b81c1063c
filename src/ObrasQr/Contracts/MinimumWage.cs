namespace ObrasQr.Contracts;

/// <summary>
/// Colombia's monthly legal minimum wage (SMMLV) by year, with the decree that set it. Ley 80 de 1993 art. 40 par.
/// measures additions in SMMLV, so the page needs the wage of each year a contract was signed or added to.
/// Each December: add the next year's line once its decree is published. A year missing here is never guessed.
/// </summary>
public static class MinimumWage
{
    public sealed record Year(int Number, decimal Amount, string Decree);

    static readonly Year[] Table =
    [
        new(2015, 644_350m, "Decreto 2731 de 2014"),
        new(2016, 689_455m, "Decreto 2552 de 2015"),
        new(2017, 737_717m, "Decreto 2209 de 2016"),
        new(2018, 781_242m, "Decreto 2269 de 2017"),
        new(2019, 828_116m, "Decreto 2451 de 2018"),
        new(2020, 877_803m, "Decreto 2360 de 2019"),
        new(2021, 908_526m, "Decreto 1785 de 2020"),
        new(2022, 1_000_000m, "Decreto 1724 de 2021"),
        new(2023, 1_160_000m, "Decreto 2613 de 2022"),
        new(2024, 1_300_000m, "Decreto 2292 de 2023"),
        new(2025, 1_423_500m, "Decreto 1572 de 2024"),
        new(2026, 1_750_905m, "Decreto 1469 de 2025, ratificado por el Decreto 0159 de 2026"),
    ];

    static readonly Dictionary<int, Year> ByYear = Table.ToDictionary(y => y.Number);

    /// <summary>Changes whenever a year or an amount does: what was computed with an older table is computed again
    /// (<see cref="ContractFactsSummary.CurrentRules"/>).</summary>
    public static string Fingerprint { get; } = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
        System.Text.Encoding.UTF8.GetBytes(string.Join(";", Table.Select(y => $"{y.Number}={y.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)}")))))[..16];

    /// <summary>The wage in force in <paramref name="year"/>, or null when the table does not have it.</summary>
    public static Year? Of(int year) => ByYear.GetValueOrDefault(year);
}
