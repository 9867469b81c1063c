using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
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

    [Fact]
    public async Task A_view_starts_the_response_before_it_writes_the_page()
    {
        // Kestrel keeps aside what is written before the response starts and copies it after the headers: a second
        // copy of the page on every view. The order is what this checks; the bytes must still be the page.
        var page = SplicedPage.From(Html, "HOLE");
        var body = new RecordingBody();
        var context = new DefaultHttpContext();
        context.Features.Set<IHttpResponseBodyFeature>(body);

        await (await page.View(SplicedPage.Coding.Brotli)).ExecuteAsync(context);
        await body.Writer.FlushAsync();

        Assert.Equal("start", body.Events[0]);
        Assert.Contains("write", body.Events);
        Assert.Equal(context.Response.ContentLength, body.Sink.Length);
        var sent = Decode(new BrotliStream(new MemoryStream(body.Sink.ToArray()), CompressionMode.Decompress));
        Assert.Matches("^" + System.Text.RegularExpressions.Regex.Escape(Html).Replace("HOLE", "[0-9a-f]{32}") + "$", sent);
    }

    sealed class RecordingBody : IHttpResponseBodyFeature
    {
        public readonly List<string> Events = [];
        public readonly MemoryStream Sink = new();
        public RecordingBody() => Writer = new RecordingWriter(Events, PipeWriter.Create(Sink));
        public PipeWriter Writer { get; }
        public Stream Stream => Sink;
        public void DisableBuffering() { }
        public Task StartAsync(CancellationToken cancellationToken = default)
        {
            Events.Add("start");
            return Task.CompletedTask;
        }
        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task CompleteAsync() => Task.CompletedTask;
    }

    sealed class RecordingWriter(List<string> events, PipeWriter inner) : PipeWriter
    {
        public override void Advance(int bytes) => inner.Advance(bytes);
        public override void CancelPendingFlush() => inner.CancelPendingFlush();
        public override void Complete(Exception? exception = null) => inner.Complete(exception);
        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);
        public override Memory<byte> GetMemory(int sizeHint = 0)
        {
            events.Add("write");
            return inner.GetMemory(sizeHint);
        }
        public override Span<byte> GetSpan(int sizeHint = 0)
        {
            events.Add("write");
            return inner.GetSpan(sizeHint);
        }
    }
}
