using ObrasQr.Contracts;

namespace ObrasQr.Tests.Contracts;

public sealed class ContractChangesTests
{
    static readonly DateTimeOffset Synced = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    static List<ContractVersion> History(int count)
    {
        var contract = new Contract { ContractId = "CO1.PCCNTR.1", Type = "Obra", Status = "En ejecución", Value = 1_000_000m };
        var version = ContractVersion.First(contract, Synced, "test");
        var history = new List<ContractVersion> { version };
        for (var n = 2; n <= count; n++)
        {
            contract = contract with { Value = contract.Value + 1_000, Status = n % 2 == 0 ? "Modificado" : "En ejecución" };
            version = version.Next(contract, Synced.AddDays(n), "test")!;
            history.Add(version);
        }
        return history;
    }

    [Fact]
    public void Latest_changes_are_the_newest_of_all_changes_in_the_same_order()
    {
        var history = History(50);

        var all = ContractChanges.Between(history);
        var latest = ContractChanges.Latest(history, 7);

        Assert.Equal(98, all.Count); // value and status changed in each of the 49 steps
        Assert.Equal(all.Take(7), latest);
    }

    [Fact]
    public void Latest_changes_of_a_history_given_out_of_order_are_still_the_newest()
    {
        var history = History(10);
        var shuffled = history.AsEnumerable().Reverse().ToList();

        Assert.Equal(ContractChanges.Latest(history, 3), ContractChanges.Latest(shuffled, 3));
        Assert.Contains(ContractChanges.Latest(shuffled, 2), c => c is { Field: "Valor del contrato", After: "$ 1.009.000" });
    }

    [Fact]
    public void A_change_is_dated_by_SECOPs_stamp_when_the_row_has_one_and_else_by_the_day_seen_said_as_such()
    {
        var first = new Contract { ContractId = "CO1.PCCNTR.1", Type = "Obra", Status = "Aprobado", Value = 1_000_000m };
        var v1 = ContractVersion.First(first, Synced, "test");
        var v2 = v1.Next(first with { Value = 2_000_000m, UpdatedInSecop = new DateTime(2025, 8, 9) }, Synced.AddDays(3), "test")!;
        var v3 = v2.Next(first with { Value = 3_000_000m }, Synced.AddDays(5), "test")!;

        var changes = ContractChanges.Between([v1, v2, v3]);

        Assert.Equal(new ContractChange("Valor del contrato", "$ 2.000.000", "$ 3.000.000", new DateOnly(2026, 6, 6), FromSecop: false), changes[0]);
        Assert.Equal(new ContractChange("Valor del contrato", "$ 1.000.000", "$ 2.000.000", new DateOnly(2025, 8, 9), FromSecop: true), changes[1]);
    }
}
