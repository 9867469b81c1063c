using System.Buffers;
using System.IO.Compression;
using System.Text;
using ObrasQr.Pages;

namespace ObrasQr.Tests.Pages;

public sealed class SplicedPageTests
{
    static readonly string Html = "<!DOCTYPE html><p>" + string.Concat(Enumerable.Repeat("Pavimentación de la calle 30 · $ 1.234.567 ", 200)) +
        "</p><input name=\"token\" value=\"HOLE\"><footer>ñandú</footer></html>";

    /// <summary>A view as the response gets it: <see cref="SplicedPage.Write"/> into a buffer.</summary>
    static byte[] View(SplicedPage page, SplicedPage.Coding coding, string token)
    {
        var output = new ArrayBufferWriter<byte>();
        page.Write(output, coding, Encoding.ASCII.GetBytes(token));
        Assert.Equal(page.Length(coding, token.Length), output.WrittenCount);
        return output.WrittenSpan.ToArray();
    }

    static string Decode(Stream decoder)
    {
        using var plain = new MemoryStream();
        decoder.CopyTo(plain);
        return Encoding.UTF8.GetString(plain.ToArray());
    }

    [Theory]
    [InlineData("a")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    public void Gzip_and_brotli_views_decode_to_the_page_with_the_value_in_the_hole(string token)
    {
        var page = SplicedPage.From(Html, "HOLE");
        var expected = Html.Replace("HOLE", token);

        Assert.Equal(expected, Encoding.UTF8.GetString(View(page, SplicedPage.Coding.Plain, token)));
        Assert.Equal(expected, Decode(new GZipStream(new MemoryStream(View(page, SplicedPage.Coding.Gzip, token)), CompressionMode.Decompress)));
        Assert.Equal(expected, Decode(new BrotliStream(new MemoryStream(View(page, SplicedPage.Coding.Brotli, token)), CompressionMode.Decompress)));
        Assert.True(View(page, SplicedPage.Coding.Gzip, token).Length < expected.Length / 5);
    }

    [Fact]
    public void Page_without_exactly_one_hole_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SplicedPage.From("<p>no hole</p>", "HOLE"));
        Assert.Throws<ArgumentException>(() => SplicedPage.From("HOLE HOLE", "HOLE"));
    }
}
