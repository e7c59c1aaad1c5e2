namespace Telephony.MediaCache.Data;

/// <summary>One processed file in the store, named by the SHA-256 of its bytes.</summary>
internal sealed class StoredFile
{
    public required string Sha256 { get; init; }

    public required string Format { get; init; }

    public required string ContentType { get; init; }

    public long SizeBytes { get; init; }

    public int DurationMs { get; init; }

    public DateTime DateCreated { get; init; }

    public DateTime DateLastUsed { get; set; }
}
