namespace Telephony.MediaCache.Processing;

/// <summary>A telephony output format: how ffmpeg makes it and what NAudio must find in it.</summary>
internal sealed record MediaFormat(string Name, string Extension, string ContentType, int SampleRate, string Codec, string Container, bool IsWav, NAudio.Wave.WaveFormatEncoding Encoding, int BitsPerSample)
{
    public const string DefaultName = "ulaw";

    public static readonly IReadOnlyDictionary<string, MediaFormat> All = new[]
    {
        new MediaFormat("ulaw", "wav", "audio/wav", 8000, "pcm_mulaw", "wav", true, NAudio.Wave.WaveFormatEncoding.MuLaw, 8),
        new MediaFormat("alaw", "wav", "audio/wav", 8000, "pcm_alaw", "wav", true, NAudio.Wave.WaveFormatEncoding.ALaw, 8),
        new MediaFormat("pcm8k", "wav", "audio/wav", 8000, "pcm_s16le", "wav", true, NAudio.Wave.WaveFormatEncoding.Pcm, 16),
        new MediaFormat("pcm16k", "wav", "audio/wav", 16000, "pcm_s16le", "wav", true, NAudio.Wave.WaveFormatEncoding.Pcm, 16),
        // Headerless G.711 mu-law at 8 kHz is what RFC 2046 calls audio/basic.
        new MediaFormat("ulaw-raw", "ulaw", "audio/basic", 8000, "pcm_mulaw", "mulaw", false, NAudio.Wave.WaveFormatEncoding.MuLaw, 8),
    }.ToDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>The format a content address's extension names (each extension has one content type).</summary>
    public static MediaFormat? ByExtension(ReadOnlySpan<char> extension) => extension switch
    {
        "wav" => All[DefaultName],
        "ulaw" => All["ulaw-raw"],
        _ => null,
    };

    public static string Names => string.Join(", ", All.Keys);

    public static MediaFormat? Find(string? name) =>
        All.TryGetValue(string.IsNullOrEmpty(name) ? DefaultName : name.ToLowerInvariant(), out var format) ? format : null;

    public static string ExtensionOf(string name) => All[name].Extension;

    public static string ContentTypeOf(string name) => All[name].ContentType;

    /// <summary>
    /// ffmpeg arguments: the first audio stream, mono, resampled, no metadata and bit-exact muxing so
    /// the bytes (and so the content address) do not depend on the ffmpeg version.
    /// </summary>
    public string FfmpegArguments =>
        $"-map 0:a:0 -vn -sn -dn -ac 1 -ar {SampleRate} -c:a {Codec} -map_metadata -1 -fflags +bitexact -flags:a +bitexact -f {Container}";

    public int BytesPerSecond => SampleRate * BitsPerSample / 8;
}
