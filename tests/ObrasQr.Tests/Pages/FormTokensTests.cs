using Microsoft.AspNetCore.Http;
using ObrasQr.Pages;

namespace ObrasQr.Tests.Pages;

public sealed class FormTokensTests
{
    [Fact]
    public void Tokens_are_32_lower_case_hex_characters_and_never_repeat()
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < 1000; i++)
        {
            var token = FormTokens.New();
            Assert.Matches("^[0-9a-f]{32}$", token);
            Assert.True(seen.Add(token));
        }
    }

    [Theory]
    [InlineData("gzip, deflate, br", "br", true)]
    [InlineData("gzip, deflate, br", "gzip", true)]
    [InlineData("gzip", "br", false)]
    [InlineData("*", "br", true)]
    [InlineData("BR;q=0.5", "br", true)]
    [InlineData("gzip, br;q=0", "br", false)]
    [InlineData("gzip, br ; q = 0.000", "br", false)]
    [InlineData("br;q=0.001", "br", true)]
    [InlineData("identity", "gzip", false)]
    [InlineData("", "gzip", false)]
    public void Accept_encoding_is_read_with_its_quality_values(string header, string coding, bool accepted)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.AcceptEncoding = header;

        Assert.Equal(accepted, ContentCoding.Accepts(context.Request, coding));
    }
}
