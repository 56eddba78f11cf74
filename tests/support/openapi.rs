//! Checks generated types against an independent description of the same API: the OpenAPI 3
//! document the emulator serves.
//!
//! For each property the description gives a body, the check makes a sample value of the
//! described JSON type, decodes the whole sample into the generated type, encodes it again and
//! looks for the property in the result. A property the generated type lacks is dropped by the
//! round trip; a property of an incompatible JSON type fails to decode.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};

/// How deep nested objects are filled in; recursive schemas stop here.
const MAX_DEPTH: usize = 4;

/// One difference: the JSON path in the sample, and what is wrong there.
pub type Difference = String;

/// The OpenAPI description and the differences found so far.
pub struct Checker {
    openapi: Value,
    pub differences: Vec<Difference>,
    pub checked_properties: usize,
}

impl Checker {
    pub fn new(openapi: Value) -> Self {
        Checker {
            openapi,
            differences: Vec::new(),
            checked_properties: 0,
        }
    }

    /// The `$ref`s of the request and response bodies of the operation `operation_id`.
    pub fn bodies(&self, operation_id: &str) -> Option<(Option<String>, Option<String>)> {
        let paths = self.openapi["paths"].as_object()?;
        let operation = paths
            .values()
            .filter_map(Value::as_object)
            .flat_map(|item| item.values())
            .find(|operation| operation["operationId"] == operation_id)?;
        let reference = |schema: &Value| schema["$ref"].as_str().map(str::to_owned);
        let request = reference(&operation["requestBody"]["content"]["application/json"]["schema"]);
        let response = operation["responses"]["200"]["content"]
            .as_object()
            .and_then(|content| content.values().next())
            .and_then(|media| reference(&media["schema"]));
        Some((request, response))
    }

    /// Checks the generated type `T` against the schema `reference`.
    pub fn check<T: DeserializeOwned + Serialize>(&mut self, label: &str, reference: &str) {
        let sample = self.sample(&json!({ "$ref": reference }), 0);
        let typed: T = match serde_path_to_error::deserialize(&sample) {
            Ok(typed) => typed,
            Err(error) => {
                self.differences.push(format!(
                    "{label}: {reference} at {}: the generated type does not take the \
                     described JSON type: {}",
                    error.path(),
                    error.inner()
                ));
                return;
            }
        };
        let encoded = serde_json::to_value(&typed).expect("generated types encode");
        self.compare(label, reference, &sample, &encoded, "$");
    }

    fn compare(&mut self, label: &str, reference: &str, sample: &Value, back: &Value, path: &str) {
        match (sample, back) {
            (Value::Object(sample), Value::Object(back)) => {
                for (key, value) in sample {
                    let path = format!("{path}.{key}");
                    self.checked_properties += 1;
                    match back.get(key) {
                        Some(back_value) => self.compare(label, reference, value, back_value, &path),
                        None => self.differences.push(format!(
                            "{label}: {reference}: {path} is described but not in the generated type"
                        )),
                    }
                }
            }
            (Value::Array(sample), Value::Array(back)) => {
                if let (Some(sample), Some(back)) = (sample.first(), back.first()) {
                    self.compare(label, reference, sample, back, &format!("{path}[0]"));
                }
            }
            (sample, back) if sample != back => self.differences.push(format!(
                "{label}: {reference}: {path} was {sample} and came back as {back}"
            )),
            _ => {}
        }
    }

    fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        match schema["$ref"].as_str() {
            Some(reference) => {
                let name = reference.rsplit('/').next().unwrap_or_default();
                &self.openapi["components"]["schemas"][name]
            }
            None => schema,
        }
    }

    /// A value of the described type with every property filled in, down to [`MAX_DEPTH`].
    fn sample(&self, schema: &Value, depth: usize) -> Value {
        let schema = self.resolve(schema);
        if let Some(values) = schema["enum"].as_array() {
            return values.first().cloned().unwrap_or(json!("VALUE"));
        }
        match schema["type"].as_str() {
            Some("object") | None if schema.get("properties").is_some() => {
                let mut object = Map::new();
                if depth < MAX_DEPTH {
                    for (key, property) in schema["properties"].as_object().into_iter().flatten() {
                        object.insert(key.clone(), self.sample(property, depth + 1));
                    }
                }
                Value::Object(object)
            }
            Some("object") => match schema.get("additionalProperties") {
                Some(values) if values.is_object() && depth < MAX_DEPTH => {
                    json!({ "key": self.sample(values, depth + 1) })
                }
                _ => json!({}),
            },
            Some("array") => json!([self.sample(&schema["items"], depth + 1)]),
            Some("integer") => json!(7),
            Some("number") => json!(1.5),
            Some("boolean") => json!(true),
            Some("string") => match schema["format"].as_str() {
                Some("int64" | "uint64") => json!("64"),
                Some("byte") => json!("AAEC"),
                Some("date-time" | "google-datetime") => json!("2024-05-06T07:08:09Z"),
                Some("google-duration") => json!("3.5s"),
                Some("google-fieldmask") => json!("displayName,email"),
                Some("date") => json!("2024-05-06"),
                _ => json!("text"),
            },
            _ => json!({}),
        }
    }
}
