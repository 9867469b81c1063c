using ObrasQr.Contracts;

namespace ObrasQr.Tests.Contracts;

/// <summary>
/// Histories of every shape the facts must survive, drawn from a seed (so a failure names its seed): additions across
/// years (some outside the SMMLV table), reverted and restored values, extensions by added days or, without that column,
/// by a later end date, suspensions, a first version already modified, no signing date, SECOP stamps or only our sync
/// time, a work registered by hand, and values near decimal's limit that overflow the sums.
/// </summary>
public static class VariedHistories
{
    public static readonly DateOnly Today = new(2026, 11, 21);

    public static IEnumerable<object[]> Seeds => Enumerable.Range(1, 40).Select(seed => new object[] { seed });

    public static List<ContractVersion> Of(int seed, string contractId = "CO1.PCCNTR.77")
    {
        var random = new Random(seed);
        var manual = seed % 9 == 0;
        var id = manual ? contractId.Replace("CO1.PCCNTR.", "OQR.", StringComparison.Ordinal) : contractId;
        var huge = seed % 11 == 0;
        var contract = new Contract
        {
            ContractId = id, Type = "Obra", Object = "Pavimentación de la calle 5",
            Status = Pick(random, "En ejecución", "Firmado", "Aprobado", "Modificado", "Activo", "Celebrado"),
            Value = huge ? decimal.MaxValue / 3 : random.Next(1, 5_000) * 1_000_000m,
            PaidValue = random.Next(3) == 0 ? null : random.Next(0, 1_000) * 1_000_000m,
            AddedDays = random.Next(5) switch { 0 => null, 1 => random.Next(1, 30), _ => 0 },
            SignedOn = random.Next(8) == 0 ? null : new DateOnly(random.Next(2013, 2027), random.Next(1, 13), 1),
            StartsOn = new DateOnly(2024, 1, 1),
            EndsOn = random.Next(10) == 0 ? null : new DateOnly(2025, random.Next(1, 13), 1),
        };
        var synced = new DateTimeOffset(2015, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var source = manual ? ManualWorks.Source : "secop";
        var versions = new List<ContractVersion> { ContractVersion.First(contract, synced, source) };
        var count = random.Next(1, 120);
        while (versions.Count < count)
        {
            synced = synced.AddDays(random.Next(0, 90));
            contract = random.Next(8) switch
            {
                0 or 1 => contract with { Value = huge ? decimal.MaxValue / 3 + random.Next(1, 3) * (decimal.MaxValue / 4) : contract.Value + random.Next(1, 2_000) * 1_000_000m },
                2 => contract with { Value = Math.Max(0, contract.Value - random.Next(1, 500) * 1_000_000m) }, // reverted, then raised again later
                3 => contract with { AddedDays = contract.AddedDays is { } d ? d + random.Next(-3, 60) : null, EndsOn = contract.EndsOn?.AddDays(random.Next(-10, 60)) },
                4 => contract with { Status = Pick(random, "Suspendido", "En ejecución", "Modificado", "Prorrogado", "terminado") },
                5 => contract with { AddedDays = random.Next(4) == 0 ? null : contract.AddedDays ?? 0 },
                6 => contract with { PaidValue = (contract.PaidValue ?? 0) + random.Next(1, 100) * 1_000_000m },
                _ => contract with { Reference = "R" + random.Next() }, // a field the page does not list
            };
            // SECOP's own stamp in some versions (any year, some outside the SMMLV table), our sync time in others.
            contract = contract with { UpdatedInSecop = random.Next(3) == 0 ? null : new DateTime(random.Next(2014, 2028), random.Next(1, 13), 15, 10, 0, 0) };
            if (versions[^1].Next(contract, synced, source) is { } next) versions.Add(next);
        }
        return versions;
    }

    /// <summary>The first varied history with at least <paramref name="versions"/> versions.</summary>
    public static List<ContractVersion> WithAtLeast(int versions, string contractId) =>
        Enumerable.Range(1, 1000).Select(seed => Of(seed, contractId)).First(h => h.Count >= versions);

    static string Pick(Random random, params string[] choices) => choices[random.Next(choices.Length)];

    /// <summary>Equal facts, the red flags compared by content (a list compares by reference in a record).</summary>
    public static void AssertSameFacts(ContractFacts expected, ContractFacts actual)
    {
        Assert.Equal(expected.RedFlags, actual.RedFlags);
        Assert.Equal(expected with { RedFlags = [] }, actual with { RedFlags = [] });
    }
}
