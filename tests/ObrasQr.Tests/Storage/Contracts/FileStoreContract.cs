using System.Text;
using ObrasQr.Storage;

namespace ObrasQr.Tests.Storage;

// IFileStore's promises: a saved file reads back byte for byte, a missing one is null.
// SQLite runs it in SqliteStoreTests.cs, Azure in ObrasQr.Functions.Tests (which links this folder).

public abstract class FileStoreContract
{
    protected abstract IFileStore NewStore();

    [Fact]
    public async Task Saved_file_reads_back_byte_for_byte_and_can_be_deleted()
    {
        var store = NewStore();
        var bytes = Encoding.UTF8.GetBytes("ID Contrato,Valor\nCO1.PCCNTR.1,$1,000\n");
        await store.SaveAsync("exports/e1", new MemoryStream(bytes));

        await using (var read = await store.OpenReadAsync("exports/e1"))
        {
            Assert.NotNull(read);
            using var copy = new MemoryStream();
            await read.CopyToAsync(copy);
            Assert.Equal(bytes, copy.ToArray());
        }

        await store.DeleteAsync("exports/e1");
        Assert.Null(await store.OpenReadAsync("exports/e1"));
    }

    [Fact]
    public async Task Missing_file_is_null()
    {
        Assert.Null(await NewStore().OpenReadAsync("photos/none.jpg"));
    }
}
