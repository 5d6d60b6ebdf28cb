// Maps each $defs name of contracts.schema.json to its generated TypeScript type, so a
// schema name (from the registry) gives a static type. The checks at the bottom fail the
// build when this map and the schema drift apart (a $defs entry added or removed).
import type schema from "./gen/contracts.schema.json";
import type * as gen from "./gen/types";

export interface ContractTypes {
  MediaUri: gen.MediaUri;
  Sha256: gen.Sha256;
  WorkflowId: gen.WorkflowId;
  MediaRef: gen.MediaRef;
  FrameStrategy: gen.FrameStrategy;
  ImageFormat: gen.ImageFormat;
  TimeRange: gen.TimeRange;
  FrameRef: gen.FrameRef;
  PipelineRequest: gen.PipelineRequest;
  PipelineInput: gen.PipelineInput;
  Stage: gen.Stage;
  Progress: gen.Progress;
  DownloadVideoInput: gen.DownloadVideoInput;
  DownloadVideoOutput: gen.DownloadVideoOutput;
  ProbeVideoInput: gen.ProbeVideoInput;
  VideoProbe: gen.VideoProbe;
  ProbeVideoOutput: gen.ProbeVideoOutput;
  ExtractFramesInput: gen.ExtractFramesInput;
  ExtractFramesOutput: gen.ExtractFramesOutput;
  AnalyzeFramesInput: gen.AnalyzeFramesInput;
  FrameAnalysis: gen.FrameAnalysis;
  AnalyzeFramesOutput: gen.AnalyzeFramesOutput;
  Thumbnail: gen.Thumbnail;
  GenerateThumbnailInput: gen.GenerateThumbnailInput;
  GenerateThumbnailOutput: gen.GenerateThumbnailOutput;
  Storyboard: gen.Storyboard;
  BuildStoryboardInput: gen.BuildStoryboardInput;
  BuildStoryboardOutput: gen.BuildStoryboardOutput;
  FrameSummary: gen.FrameSummary;
  SceneSummary: gen.SceneSummary;
  Poster: gen.Poster;
  MediaMetadata: gen.MediaMetadata;
  StoreMetadataInput: gen.StoreMetadataInput;
  StoreMetadataOutput: gen.StoreMetadataOutput;
  CleanupMediaInput: gen.CleanupMediaInput;
  CleanupMediaOutput: gen.CleanupMediaOutput;
  StageTimings: gen.StageTimings;
  PipelineResult: gen.PipelineResult;
}

/** A `$defs` name of contracts.schema.json. */
export type SchemaName = keyof typeof schema.$defs;

// Compile-time drift guards: both must stay `true`.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const namesMatch: Same<SchemaName, keyof ContractTypes> = true;
void namesMatch;
