using ObrasQr.Reports;

namespace ObrasQr.Tests.Reports;

public sealed class TrackingCodeTests
{
    const string Crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    [Fact]
    public void Code_is_twenty_crockford_characters_in_five_groups_of_four_so_a_hundred_bits()
    {
        var code = TrackingCode.New();

        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$", code);
        Assert.True(code.Replace("-", "").Length * Math.Log2(Crockford.Length) >= 80);
    }

    [Fact]
    public void Codes_do_not_repeat_and_use_the_whole_alphabet()
    {
        var codes = Enumerable.Range(0, 20_000).Select(_ => TrackingCode.New()).ToList();

        Assert.Equal(codes.Count, codes.Distinct().Count());
        var used = codes.SelectMany(c => c.Replace("-", "")).GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Crockford.Length, used.Count);
        // 400,000 characters over 32 symbols: 12,500 each on average; a biased generator would stray far.
        Assert.All(used.Values, n => Assert.InRange(n, 11_500, 13_500));
    }

    [Fact]
    public void Hash_reads_codes_as_people_type_them()
    {
        var code = "0A1B-2C3D-4E5F-6G7H-8J9K";
        var hash = TrackingCode.Hash(code);

        Assert.Equal(hash, TrackingCode.Hash("0a1b 2c3d 4e5f 6g7h 8j9k"));
        Assert.Equal(hash, TrackingCode.Hash("OA1B2C3D4E5F6G7H8J9K")); // O typed for zero
        Assert.Equal(TrackingCode.Hash("1111-0000-0000-0000-0000"), TrackingCode.Hash("iLl1-oOo0-0000-0000-0000"));
        Assert.NotEqual(hash, TrackingCode.Hash("0A1B-2C3D-4E5F-6G7H-8J9M"));
        Assert.Matches("^[0-9a-f]{64}$", hash);
    }
}
