using ObrasQr.AzureStorage;

namespace ObrasQr.Functions.Tests.Storage;

public sealed class TableKeysTests
{
    [Fact]
    public void Secop_ids_are_kept_as_they_are()
    {
        Assert.Equal("CO1.PCCNTR.5361557", TableKeys.Encode("CO1.PCCNTR.5361557"));
    }

    [Fact]
    public void Characters_tables_refuse_are_escaped_one_to_one()
    {
        Assert.Equal("a%002Fb%0023c%003F%005C%0025", TableKeys.Encode("a/b#c?\\%"));
        Assert.NotEqual(TableKeys.Encode("a/b"), TableKeys.Encode("a%002Fb"));
    }

    [Fact]
    public void Newer_reports_sort_first()
    {
        var older = TableKeys.ReportRow(new DateTimeOffset(2026, 11, 3, 15, 0, 0, TimeSpan.Zero), "b");
        var newer = TableKeys.ReportRow(new DateTimeOffset(2026, 11, 3, 15, 0, 1, TimeSpan.Zero), "a");
        Assert.True(string.CompareOrdinal(newer, older) < 0);
    }

    [Fact]
    public void Report_range_keeps_from_inclusive_and_to_exclusive()
    {
        var from = new DateTimeOffset(2026, 11, 3, 16, 0, 0, TimeSpan.Zero);
        var to = from.AddHours(2);
        var (lowest, below) = TableKeys.ReportRange(from, to, null);

        bool InRange(DateTimeOffset at)
        {
            var key = TableKeys.ReportRow(at, "r");
            return string.CompareOrdinal(key, lowest) >= 0 && string.CompareOrdinal(key, below) < 0;
        }
        Assert.True(InRange(from));
        Assert.True(InRange(to.AddTicks(-1)));
        Assert.False(InRange(to));
        Assert.False(InRange(from.AddTicks(-1)));
    }

    [Fact]
    public void Json_longer_than_a_property_is_split_and_read_back()
    {
        var json = new string('x', EntityJson.ChunkLength * 2 + 5);
        var entity = new Dictionary<string, object>();
        EntityJson.Write(entity, json);

        Assert.Equal(3, entity.Count);
        Assert.Equal(json, EntityJson.Read(entity));
    }
}
