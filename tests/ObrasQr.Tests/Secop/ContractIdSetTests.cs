using ObrasQr.Secop;

namespace ObrasQr.Tests.Secop;

public sealed class ContractIdSetTests
{
    [Fact]
    public void A_contract_is_new_the_first_time_and_seen_in_this_part_after()
    {
        var set = new ContractIdSet();

        Assert.Equal(ContractIdSet.Seen.New, set.Add("CO1.PCCNTR.1"));
        Assert.Equal(ContractIdSet.Seen.InThisPart, set.Add("CO1.PCCNTR.1"));
        Assert.Equal(ContractIdSet.Seen.New, set.Add("CO1.PCCNTR.2"));
        Assert.Equal(2, set.Count);
    }

    [Fact]
    public void After_a_new_part_a_counted_contract_was_seen_in_an_earlier_part_then_in_this_one()
    {
        var set = new ContractIdSet();
        set.Add("CO1.PCCNTR.1");

        set.StartPart();

        Assert.Equal(ContractIdSet.Seen.InEarlierPart, set.Add("CO1.PCCNTR.1"));
        Assert.Equal(ContractIdSet.Seen.InThisPart, set.Add("CO1.PCCNTR.1"));
        Assert.Equal(1, set.Count);
    }

    [Fact]
    public void Two_hundred_thousand_ids_are_each_counted_once_as_the_set_grows()
    {
        var set = new ContractIdSet();
        var ids = Enumerable.Range(0, 200_000).Select(i => $"CO1.PCCNTR.{5_000_000 + i}").ToList();

        Assert.All(ids, id => Assert.Equal(ContractIdSet.Seen.New, set.Add(id)));
        set.StartPart();
        Assert.All(ids, id => Assert.Equal(ContractIdSet.Seen.InEarlierPart, set.Add(id)));
        Assert.Equal(200_000, set.Count);
    }
}
