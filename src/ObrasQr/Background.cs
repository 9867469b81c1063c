namespace ObrasQr;

/// <summary>Work that a request starts and does not wait for (a roll-up, a catalog refresh, an import).</summary>
public static class Background
{
    /// <summary>
    /// Runs <paramref name="work"/> on the thread pool without the caller's execution context, so that what belongs to
    /// the request (its storage-operation tally, its logging scope) does not follow work that outlives it: the
    /// operation budget per request counts what the request does, not the background job it set off.
    /// </summary>
    public static Task Start(Func<Task> work)
    {
        using (ExecutionContext.SuppressFlow()) return Task.Run(work);
    }
}
