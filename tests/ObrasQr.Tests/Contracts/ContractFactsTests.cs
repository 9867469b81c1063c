using ObrasQr.Contracts;

namespace ObrasQr.Tests.Contracts;

public sealed class ContractFactsTests
{
    static readonly DateTimeOffset T0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    static readonly DateOnly Today = new(2026, 11, 21);

    static Contract Work(decimal value = 1_000_000_000, decimal paid = 400_000_000, string status = "En ejecución",
        DateOnly? start = null, DateOnly? end = null, int addedDays = 0) => new()
    {
        ContractId = "CO1.PCCNTR.1", Type = "Obra", Status = status, Value = value, PaidValue = paid,
        StartsOn = start ?? new DateOnly(2026, 1, 1), EndsOn = end ?? new DateOnly(2027, 1, 1), AddedDays = addedDays,
    };

    static IReadOnlyList<ContractVersion> History(params Contract[] versions)
    {
        var list = new List<ContractVersion> { ContractVersion.First(versions[0], T0, "t") };
        foreach (var next in versions.Skip(1)) list.Add(list[^1].Next(next, T0.AddDays(list.Count * 30), "t")!);
        return list;
    }

    [Fact]
    public void Normal_work_has_money_and_time_figures_and_no_red_flags()
    {
        var facts = ContractFacts.Of(History(Work()), Today);

        Assert.Equal(1_000_000_000m, facts.InitialValue);
        Assert.Equal(0m, facts.Additions);
        Assert.Equal(400_000_000m, facts.Paid);
        Assert.Equal(600_000_000m, facts.Pending);
        Assert.Equal(40, facts.PaidPercent);
        Assert.Equal(41, facts.DaysLeft);           // 21 Nov 2026 -> 1 Jan 2027
        Assert.Null(facts.DaysOverdue);
        Assert.Equal(89, facts.TimeElapsedPercent); // 324 of 365 days
        Assert.Empty(facts.RedFlags);
        Assert.Equal("La obra está en ejecución.", facts.StatusExplained);
    }

    [Fact]
    public void Additions_are_measured_from_the_first_synchronised_value_and_flagged_over_half()
    {
        var facts = ContractFacts.Of(History(Work(value: 12_400_000_000), Work(value: 19_150_000_000, status: "Modificado")), Today);

        Assert.Equal(12_400_000_000m, facts.InitialValue);
        Assert.Equal(6_750_000_000m, facts.Additions);
        Assert.Equal(54, facts.AdditionsPercent);
        Assert.True(facts.AdditionsOverLegalLimit);
        Assert.Contains(facts.RedFlags, f => f.Contains("54 %") && f.Contains("Ley 80"));
    }

    [Fact]
    public void Additions_of_exactly_half_are_within_the_law()
    {
        var facts = ContractFacts.Of(History(Work(value: 100), Work(value: 150)), Today);

        Assert.Equal(50, facts.AdditionsPercent);
        Assert.False(facts.AdditionsOverLegalLimit);
        Assert.Empty(facts.RedFlags);
    }

    [Fact]
    public void Running_work_past_its_end_is_overdue_and_flagged()
    {
        var facts = ContractFacts.Of(History(Work(end: new DateOnly(2026, 8, 31))), Today);

        Assert.Equal(82, facts.DaysOverdue);
        Assert.Null(facts.DaysLeft);
        Assert.Equal(100, facts.TimeElapsedPercent);
        Assert.Contains(facts.RedFlags, f => f.Contains("hace 82 días"));
        Assert.Equal("La obra está en ejecución. Su plazo para terminar ya venció.", facts.StatusExplained);
    }

    [Fact]
    public void Finished_work_past_its_end_is_not_overdue()
    {
        var facts = ContractFacts.Of(History(Work(status: "terminado", end: new DateOnly(2026, 8, 31))), Today);

        Assert.Null(facts.DaysOverdue);
        Assert.Null(facts.DaysLeft);
        Assert.True(facts.IsFinished);
        Assert.Empty(facts.RedFlags);
    }

    [Fact]
    public void Suspended_work_is_flagged()
    {
        var facts = ContractFacts.Of(History(Work(), Work(status: "Suspendido")), Today);

        Assert.True(facts.IsSuspended);
        Assert.Contains(facts.RedFlags, f => f.Contains("suspendida"));
    }

    [Fact]
    public void Extensions_count_each_later_end_and_many_are_flagged()
    {
        var facts = ContractFacts.Of(History(
            Work(end: new DateOnly(2026, 12, 1)),
            Work(end: new DateOnly(2027, 2, 1), addedDays: 62),
            Work(end: new DateOnly(2027, 4, 1), addedDays: 121)), Today);

        Assert.Equal(2, facts.Extensions);
        Assert.Equal(121, facts.AddedDays);
        Assert.Equal(new DateOnly(2026, 12, 1), facts.InitialEnd);
        Assert.Contains(facts.RedFlags, f => f.Contains("121 días"));
    }

    [Fact]
    public void Added_days_over_half_the_original_term_are_flagged_even_in_one_version()
    {
        // 1 Jan 2026 -> 1 Jan 2027 with 200 added days: the original term was 165 days.
        var facts = ContractFacts.Of(History(Work(addedDays: 200)), Today);

        Assert.Contains(facts.RedFlags, f => f.Contains("121 % del plazo original"));
    }
}
