namespace ObrasQr.Secop;

/// <summary>
/// The contracts an import (or a SODA pull, across its pages) has already counted, each as a 64-bit key of its id
/// (FNV-1a): 8 bytes a contract in one array, so a file of a million contracts needs about 8 MB and the import's memory
/// barely grows with the file. Written by hand because the framework's HashSet&lt;long&gt; takes 3 to 4 times that
/// (an entry object of 16 bytes, a bucket, and room to grow), which was most of the import's live heap at 400k rows.
/// A key collision, about one in 10^7 for a million ids, could only leave one contract uncounted; what is written is
/// always decided by the full id.
/// </summary>
public sealed class ContractIdSet
{
    /// <summary>What <see cref="Add"/> found.</summary>
    public enum Seen { New, InEarlierPart, InThisPart }

    // Open addressing with linear probing. A slot holds the key with its lowest bit as "seen in the current part";
    // 0 is an empty slot (a key that would be 0 is stored as 2).
    ulong[] slots = new ulong[1024];
    int count;

    public int Count => count;

    public static ulong KeyOf(string contractId)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in contractId) hash = (hash ^ c) * 1099511628211UL;
        hash &= ~1UL;
        return hash == 0 ? 2 : hash;
    }

    /// <summary>Starts a new part (the next SODA page): what was counted stays counted, but no longer as seen in
    /// this part, so a contract on two pages counts once without being reported as repeated within a page.</summary>
    public void StartPart()
    {
        for (var i = 0; i < slots.Length; i++) slots[i] &= ~1UL;
    }

    /// <summary>Marks the contract as counted in the current part, and says whether and where it was before.</summary>
    public Seen Add(string contractId)
    {
        var key = KeyOf(contractId);
        if ((count + 1) * 5L > slots.Length * 4L) Grow();    // at most 80 % full: short probes, little room wasted
        var mask = slots.Length - 1;
        for (var i = Home(key, mask); ; i = (i + 1) & mask)
        {
            var slot = slots[i];
            if (slot == 0)
            {
                slots[i] = key | 1;
                count++;
                return Seen.New;
            }
            if ((slot & ~1UL) != key) continue;
            slots[i] = key | 1;
            return (slot & 1) == 1 ? Seen.InThisPart : Seen.InEarlierPart;
        }
    }

    // Fibonacci hashing spreads the keys' high bits over the table.
    static int Home(ulong key, int mask) => (int)((key * 11400714819323198485UL) >> 32) & mask;

    void Grow()
    {
        var old = slots;
        slots = new ulong[old.Length * 2];
        var mask = slots.Length - 1;
        foreach (var slot in old)
        {
            if (slot == 0) continue;
            var i = Home(slot & ~1UL, mask);
            while (slots[i] != 0) i = (i + 1) & mask;
            slots[i] = slot;
        }
    }
}
