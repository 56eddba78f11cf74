//! Emitting: from the IR to formatted Rust files.
//!
//! Each function here spells out one part of the IR as tokens with `quote`; the decisions were
//! made in lowering. Files are formatted in process with prettyplease.

use std::cell::RefCell;
use std::collections::BTreeMap;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::error::Error;
use crate::ir::*;

/// Rust files by path relative to the crate's source root.
pub type Files = BTreeMap<String, String>;

/// The prelude types that generated model code names in short. A schema with one of these
/// names (several APIs have an `Option`) would shadow it, so the model module then spells them
/// out in full. The support macros name everything in full anyway.
const PRELUDE_TYPES: &[&str] = &["Box", "Option", "String", "Vec"];

/// The support module every generated crate carries.
const RUNTIME: &str = include_str!("runtime.rs.in");

/// What a struct's `setters!` call is emitted as, before its entries are filled in as text.
const SETTERS_PLACEHOLDER: &str = "crate::runtime::setters!();";

/// What a block of doc comments is emitted as, followed by the block's number in its
/// [`Context`]. Descriptions are a large part of every file, and syn and prettyplease would only
/// escape, parse and print them unchanged; each block is one short placeholder line instead,
/// written out as text once the file is formatted.
const DOC_PLACEHOLDER: &str = "@@";

/// The name of the module of schema types in each API module.
pub const MODEL_MODULE: &str = "model";

/// The name of the support module at the crate root.
pub const RUNTIME_MODULE: &str = "runtime";

/// What the crate root says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateDocs {
    pub title: String,
    pub header: String,
}

/// The first line of a generated file: the generated mark, and where the file comes from.
pub fn header(source: &str) -> String {
    format!(
        "// {} from {source}. Do not edit.",
        crate::output::GENERATED_MARK
    )
}

/// An API's document as a header names it: `identitytoolkit v2 (revision 20250130)`.
pub fn api_source(api: &Api) -> String {
    match &api.revision {
        Some(revision) => format!("{} {} (revision {revision})", api.name, api.version),
        None => format!("{} {}", api.name, api.version),
    }
}

/// Emits the whole crate: its root, the support module and one module tree per API.
pub fn emit_crate(apis: &[Api], docs: &CrateDocs) -> Result<Files, Error> {
    let mut files = Files::new();
    let header = &docs.header;

    let modules: Vec<Ident> = apis.iter().map(|api| ident(&api.module)).collect();
    let module_docs: Vec<String> = apis
        .iter()
        .map(|api| {
            let revision = api
                .revision
                .as_deref()
                .map(|revision| format!(", revision {revision}"))
                .unwrap_or_default();
            format!(
                " - [`{}`]: {} {}{revision}.",
                api.module, api.title, api.version
            )
        })
        .collect();
    let title = format!(" {}", docs.title);
    let root = quote! {
        #![doc = #title]
        #![doc = ""]
        #![doc = " One module per API version:"]
        #![doc = ""]
        #(#![doc = #module_docs])*
        #![doc = ""]
        #![doc = " Request and response types are built with `new()` and `with_*` setters, never with"]
        #![doc = " struct literals: every type is `#[non_exhaustive]`, so that a field added by a later"]
        #![doc = " API revision is not a breaking change. Enums keep values they do not know in a"]
        #![doc = " fallback variant, so that a response never fails to decode because of a new value."]
        #![doc = ""]
        #![doc = " Each API's hub hands out resource handles, whose methods return calls. `send()` sends"]
        #![doc = " a call through the hub's [`Client`], which holds the transport (reqwest, with the"]
        #![doc = " `reqwest` feature, or any [`runtime::Transport`]), the credentials and the timeout, and"]
        #![doc = " returns the typed response or an [`Error`]. `Debug` output hides credentials."]

        pub mod runtime;
        #(pub mod #modules;)*

        pub use runtime::{ApiError, Client, Error};
    };
    files.insert(
        "lib.rs".to_owned(),
        format_file(root, "lib.rs", header, &[])?,
    );
    files.insert(
        format!("{RUNTIME_MODULE}.rs"),
        format!(
            "// {}: the support code of every generated crate. Do not edit.\n{SKIP_RUSTFMT}\n{RUNTIME}",
            crate::output::GENERATED_MARK
        ),
    );

    for api in apis {
        // An API's files name only its own document, so that a new revision of one API
        // rewrites no file of another.
        emit_api(api, &self::header(&api_source(api)), &mut files)?;
    }
    Ok(files)
}

fn emit_api(api: &Api, header: &str, files: &mut Files) -> Result<(), Error> {
    let ctx = Context::model(api);

    let mut setter_lists = Vec::new();
    let types: Vec<TokenStream> = api
        .types
        .iter()
        .map(|def| {
            let cfg = api
                .features
                .as_ref()
                .and_then(|features| features.types.get(def.name()))
                .map(feature_cfg);
            emit_type(def, &ctx, cfg, &mut setter_lists)
        })
        .collect();
    let model_docs = format!(
        " Request and response types of {} {}.",
        api.title, api.version
    );
    let model = quote! {
        #![doc = #model_docs]
        #![allow(deprecated)]
        #(#types)*
    };
    // Each struct's `setters!` call is emitted empty and filled in as text, one setter a line:
    // it is a long list that prettyplease would run together, and syn need not parse it.
    // The placeholders are all alike and short enough never to be wrapped; they are filled in
    // the order the structs were emitted.
    let formatted = format_file(model, MODEL_MODULE, header, &ctx.docs.borrow())?;
    let mut model = String::with_capacity(formatted.len() * 2);
    let mut rest = formatted.as_str();
    for (name, setters) in setter_lists {
        let Some(at) = rest.find(SETTERS_PLACEHOLDER) else {
            return Err(Error::Emit {
                module: MODEL_MODULE.to_owned(),
                reason: format!("no place for the setters of `{name}`"),
            });
        };
        model.push_str(&rest[..at]);
        let entries: String = setters
            .iter()
            .map(|entry| setter_entry_lines(entry))
            .collect();
        model.push_str(&format!(
            "crate::runtime::setters!({name} {{\n{entries}}});"
        ));
        rest = &rest[at + SETTERS_PLACEHOLDER.len()..];
    }
    model.push_str(rest);
    files.insert(format!("{}/{MODEL_MODULE}.rs", api.module), model);

    let root_ctx = Context::outside_model(api);
    let mut title = format!(" {} {}", api.title, api.version);
    if let Some(revision) = &api.revision {
        title.push_str(&format!(" (revision {revision})"));
    }
    title.push('.');
    let mut docs = vec![title];
    if !api.docs.is_empty() {
        docs.push(String::new());
        docs.extend(api.docs.iter().map(|line| format!(" {line}")));
    }
    if let Some(link) = &api.documentation_link {
        docs.push(String::new());
        docs.push(format!(" Documentation: <{link}>"));
    }

    let root_url = &api.root_url;
    let service_path = &api.service_path;
    let batch_path = api.batch_path.as_ref().map(|batch_path| {
        quote! {
            /// The path of the batch endpoint, relative to the root URL (`batchPath`).
            pub const BATCH_PATH: &str = #batch_path;
        }
    });
    let scopes = api.scopes.iter().map(|scope| {
        let name = ident(&scope.const_name);
        let url = &scope.url;
        let docs = root_ctx.doc_attrs(&scope.docs);
        quote! {
            #docs
            pub const #name: &str = #url;
        }
    });
    let hub = ident(&api.hub);
    let hub_doc = format!(
        " The entry point of {} {}: holds the root URL and the client, and hands out resource handles.",
        api.title, api.version
    );
    let standard = emit_standard_parameters(api, &root_ctx);
    let parameter_enums = api
        .parameter_enums
        .iter()
        .map(|def| emit_enum(def, &root_ctx, None));
    let resource_body = emit_resource_items(&api.root, &root_ctx, true);
    let child_modules = api.root.resources.iter().map(|child| {
        let module = ident(&child.module);
        let cfg = resource_cfg(api, &child.module);
        quote!(#cfg pub mod #module;)
    });
    let scope_module_docs = format!(" The OAuth 2.0 scopes of {} {}.", api.title, api.version);
    let mod_rs = quote! {
        #(#![doc = #docs])*
        #![allow(deprecated)]
        // A resource may carry the API's version as its name, as `v2.getPasswordPolicy` does.
        #![allow(clippy::module_inception)]
        // A method takes every path parameter its API defines, however many that is.
        #![allow(clippy::too_many_arguments)]

        pub mod model;
        #(#child_modules)*

        /// The root URL of the API (`rootUrl`).
        pub const ROOT_URL: &str = #root_url;
        /// The path of the API below the root URL (`servicePath`).
        pub const SERVICE_PATH: &str = #service_path;
        #batch_path

        #[doc = #scope_module_docs]
        pub mod scopes {
            #(#scopes)*
        }

        #[doc = #hub_doc]
        #[derive(Debug, Clone)]
        pub struct #hub {
            root_url: String,
            client: crate::runtime::Client,
        }

        impl Default for #hub {
            fn default() -> Self {
                Self::new()
            }
        }

        impl #hub {
            /// A hub that sends calls to [`ROOT_URL`] through a default
            /// [`Client`](crate::runtime::Client), without credentials.
            pub fn new() -> Self {
                Self::with_client(crate::runtime::Client::new())
            }

            /// A hub that sends calls to [`ROOT_URL`] through `client`, with its transport,
            /// credentials and timeout.
            pub fn with_client(client: crate::runtime::Client) -> Self {
                Self { root_url: ROOT_URL.to_owned(), client }
            }

            /// Sends calls to another root URL, such as an emulator's
            /// `http://127.0.0.1:9099/identitytoolkit.googleapis.com/`.
            pub fn with_root_url(mut self, root_url: impl Into<String>) -> Self {
                self.root_url = root_url.into();
                self
            }

            /// The root URL calls are sent to.
            pub fn root_url(&self) -> &str {
                &self.root_url
            }

            /// The client that sends the calls.
            pub fn client(&self) -> &crate::runtime::Client {
                &self.client
            }
        }

        #resource_body
        #standard

        /// Defines the setters of the standard parameters in a call type's `impl` block; the
        /// call keeps them in a field `standard: StandardParameters`. One definition serves
        /// every call type of the API.
        // Unused in an API whose resources are all feature-gated off.
        #[allow(unused_macros)]
        macro_rules! standard_parameter_setters {
            () => {};
        }

        #[allow(unused_imports)]
        pub(crate) use standard_parameter_setters;

        #(#parameter_enums)*
    };
    // The macro's body is formatted on its own: prettyplease leaves macro bodies unformatted.
    let mod_rs = format_file(mod_rs, &api.module, header, &root_ctx.docs.borrow())?;
    let mod_rs = mod_rs.replacen(
        "macro_rules! standard_parameter_setters {\n    () => {};\n}",
        &standard_parameter_setters(api, &root_ctx)?,
        1,
    );
    // The API module always has children (at least `model`), so it is a directory.
    files.insert(format!("{}/mod.rs", api.module), mod_rs);

    for child in &api.root.resources {
        emit_resource(child, &api.module, &root_ctx, files, header)?;
    }
    Ok(())
}

fn module_file(path: &str, has_children: bool) -> String {
    if has_children {
        format!("{path}/mod.rs")
    } else {
        format!("{path}.rs")
    }
}

fn emit_resource(
    resource: &Resource,
    parent_dir: &str,
    ctx: &Context,
    files: &mut Files,
    header: &str,
) -> Result<(), Error> {
    let dir = format!("{parent_dir}/{}", resource.module);
    let handle = ident(&resource.handle);
    let handle_doc = format!(" The `{}` resource.", resource.path);
    let module_doc = format!(
        " The `{}` resource: [`{1}`](struct@{1}).",
        resource.path, resource.handle
    );
    let child_modules = resource.resources.iter().map(|child| ident(&child.module));
    let hub = ctx.hub_path();
    let items = emit_resource_items(resource, ctx, false);
    let enums = resource
        .parameter_enums
        .iter()
        .map(|def| emit_enum(def, ctx, None));
    let tokens = quote! {
        #![doc = #module_doc]
        #![allow(deprecated)]
        // A method takes every path parameter its API defines, however many that is.
        #![allow(clippy::too_many_arguments)]

        #(pub mod #child_modules;)*

        #[doc = #handle_doc]
        #[derive(Debug, Clone, Copy)]
        pub struct #handle<'a> {
            hub: &'a #hub,
        }

        #items
        #(#enums)*
    };
    files.insert(
        module_file(&dir, !resource.resources.is_empty()),
        format_file(tokens, &resource.path, header, &ctx.docs.borrow())?,
    );
    for child in &resource.resources {
        emit_resource(child, &dir, ctx, files, header)?;
    }
    Ok(())
}

/// The methods of a resource handle (or of the hub, for top-level methods) and the call types
/// they return.
fn emit_resource_items(resource: &Resource, ctx: &Context, is_hub: bool) -> TokenStream {
    let handle = ident(&resource.handle);
    let (lifetime, hub_expr, hub_lifetime) = if is_hub {
        (quote!(), quote!(self), quote!('_))
    } else {
        (quote!(<'a>), quote!(self.hub), quote!('a))
    };

    let constructor = (!is_hub).then(|| {
        let hub = ctx.hub_path();
        quote! {
            pub(crate) fn new(hub: &'a #hub) -> Self {
                Self { hub }
            }
        }
    });
    let accessors = resource.resources.iter().map(|child| {
        let accessor = ident(&child.module);
        let child_handle = ident(&child.handle);
        let doc = format!(" The `{}` resource.", child.path);
        let cfg = is_hub
            .then(|| resource_cfg(ctx.api, &child.module))
            .flatten();
        quote! {
            #[doc = #doc]
            #cfg
            pub fn #accessor(&self) -> #accessor::#child_handle<#hub_lifetime> {
                #accessor::#child_handle::new(#hub_expr)
            }
        }
    });
    let methods = resource.methods.iter().map(|method| {
        let name = ident(&method.name);
        let call = ident(&method.call);
        let docs = ctx.doc_attrs(&method.docs);
        let mut arguments = Vec::new();
        let mut initializers = Vec::new();
        if let Some(request) = &method.request {
            let request = rust_type(request, ctx);
            arguments.push(quote!(request: #request));
            initializers.push(quote!(request));
        }
        for parameter in &method.required {
            let field = ident(&parameter.name);
            let (argument_type, conversion) = argument(&parameter.ty, parameter.repeated, ctx);
            arguments.push(quote!(#field: #argument_type));
            initializers.push(if conversion.is_empty() {
                quote!(#field)
            } else {
                quote!(#field: #field #conversion)
            });
        }
        for parameter in &method.optional {
            let field = ident(&parameter.name);
            initializers.push(quote!(#field: Default::default()));
        }
        quote! {
            #docs
            pub fn #name(&self, #(#arguments),*) -> #call<#hub_lifetime> {
                #call {
                    hub: #hub_expr,
                    #(#initializers,)*
                    standard: Default::default(),
                }
            }
        }
    });
    let calls = resource.methods.iter().map(|method| emit_call(method, ctx));

    quote! {
        impl #lifetime #handle #lifetime {
            #constructor
            #(#accessors)*
            #(#methods)*
        }

        #(#calls)*
    }
}

fn emit_call(method: &Method, ctx: &Context) -> TokenStream {
    let call = ident(&method.call);
    let hub = ctx.hub_path();
    let id = &method.id;
    let doc = format!(
        " A prepared `{}` call: set its parameters, then send it, or turn it into an HTTP request.",
        method.id
    );
    let http_method = http_method(&method.http_method);
    let path_template = &method.path_template;
    let scopes = method.scopes.iter().map(|name| {
        let name = ident(name);
        let api = ctx.api_path();
        quote!(#api::scopes::#name)
    });

    let mut fields = Vec::new();
    if let Some(request) = &method.request {
        let request = rust_type(request, ctx);
        fields.push(quote!(request: #request));
    }
    for parameter in method.required.iter().chain(&method.optional) {
        let field = ident(&parameter.name);
        let ty = parameter_type(parameter, ctx, method.required.contains(parameter));
        fields.push(quote!(#field: #ty));
    }
    let standard_type = ctx.standard_parameters_path();
    fields.push(quote!(standard: #standard_type));

    let setters = method.optional.iter().map(|parameter| {
        let name = ident(&parameter.name);
        parameter_setter(parameter, quote!(self.#name), ctx)
    });
    let api = ctx.api_path();

    let url = emit_url(method, &method.path, ctx);
    let body = if method.request.is_some() {
        quote!(Some(&self.request))
    } else {
        quote!(None::<&()>)
    };
    let response_type = match &method.response {
        Some(response) => rust_type(response, ctx),
        None => quote!(()),
    };
    let call_name = &method.call;
    let mut debug_fields = Vec::new();
    if method.request.is_some() {
        debug_fields.push(("request".to_owned(), quote!(&self.request)));
    }
    for parameter in &method.required {
        debug_fields.push(debug_field(parameter, true));
    }
    for parameter in &method.optional {
        debug_fields.push(debug_field(parameter, false));
    }
    debug_fields.push(("standard".to_owned(), quote!(&self.standard)));
    let debug = debug_impl(quote!(#call<'_>), call_name, debug_fields, true);
    let decode = match &method.response {
        Some(response) => {
            let response = rust_type(response, ctx);
            quote! {
                /// Decodes the HTTP response of this call: the typed body of a success, or the
                /// error of a failure.
                pub fn decode_response<B: AsRef<[u8]>>(response: http::Response<B>) -> Result<#response, crate::runtime::Error> {
                    crate::runtime::decode_json(response)
                }
            }
        }
        None => quote! {
            /// Decodes the HTTP response of this call, which has no body: success, or the error
            /// of a failure.
            pub fn decode_response<B: AsRef<[u8]>>(response: http::Response<B>) -> Result<(), crate::runtime::Error> {
                crate::runtime::decode_empty(response)
            }
        },
    };
    let paging = method.paging.as_ref().map(|paging| {
        let page_token = ident(&paging.page_token);
        let next_page_token = ident(&paging.next_page_token);
        quote! {
            impl crate::runtime::PagedCall for #call<'_> {
                type Page = #response_type;

                fn set_page_token(&mut self, token: String) {
                    self.#page_token = Some(token);
                }

                fn next_page_token(page: &Self::Page) -> Option<&str> {
                    page.#next_page_token.as_deref()
                }

                fn send_page(self) -> impl std::future::Future<Output = Result<Self::Page, crate::runtime::Error>> + Send {
                    self.send()
                }
            }
        }
    });
    let pages = method.paging.is_some().then(|| {
        quote! {
            /// The pages of the results, fetched one at a time from this call's `pageToken` (or the
            /// first page) on: see [`Pages`](crate::runtime::Pages).
            pub fn pages(self) -> crate::runtime::Pages<Self> {
                crate::runtime::Pages::new(self)
            }
        }
    });
    let media_note = (method.supports_media_upload && method.media_upload.is_none()).then(|| {
        quote! {
            #[doc = ""]
            #[doc = " The document names no upload path for this method, so it sends JSON only."]
        }
    });
    let upload = method.media_upload.as_ref().map(|upload| {
        let upload_url = emit_url(method, &upload.path, ctx);
        let metadata = if method.request.is_some() {
            quote!(Some(&self.request))
        } else {
            quote!(None::<&()>)
        };
        let mut accepted = String::from(" The media may be ");
        accepted.push_str(
            &upload
                .accept
                .iter()
                .map(|mime| format!("`{mime}`"))
                .collect::<Vec<_>>()
                .join(", "),
        );
        if let Some(max_size) = &upload.max_size {
            accepted.push_str(&format!(", at most {max_size}"));
        }
        accepted.push('.');
        let protocol_doc = if method.request.is_some() {
            " The HTTP request of an upload (`uploadType=multipart`): the call's request body as JSON metadata and `media` as the content, in one `multipart/related` body."
        } else {
            " The HTTP request of an upload (`uploadType=media`): `media` as the whole body."
        };
        quote! {
            /// Sends the call with `media` as the uploaded content, of MIME type
            /// `content_type`, and decodes the response.
            #[doc = ""]
            #[doc = #accepted]
            pub async fn upload(self, media: Vec<u8>, content_type: &str) -> Result<#response_type, crate::runtime::Error> {
                let hub = self.hub;
                let request = self.into_upload_request(media, content_type)?;
                let response = hub.client().send(request, Self::SCOPES).await?;
                Self::decode_response(response)
            }

            #[doc = #protocol_doc]
            pub fn into_upload_request(self, media: Vec<u8>, content_type: &str) -> Result<http::Request<Vec<u8>>, crate::runtime::Error> {
                let url = self.upload_url();
                crate::runtime::build_upload_request(#http_method, url, #metadata, media, content_type)
            }

            /// Opens a resumable upload session (`uploadType=resumable`) for `media`, of MIME
            /// type `content_type`, which then sends it in chunks: see
            /// [`ResumableUpload`](crate::runtime::ResumableUpload).
            pub async fn upload_resumable(self, media: Vec<u8>, content_type: &str) -> Result<crate::runtime::ResumableUpload<#response_type>, crate::runtime::Error> {
                let client = self.hub.client();
                let url = self.upload_url();
                let request = crate::runtime::build_resumable_request(#http_method, url, #metadata, media.len() as u64, content_type)?;
                crate::runtime::ResumableUpload::start(client, request, Self::SCOPES, media, Self::decode_response).await
            }

            /// The URL of an upload, before its `uploadType`.
            fn upload_url(&self) -> crate::runtime::UrlBuilder {
                #upload_url
                url
            }
        }
    });
    let download = method.supports_media_download.then(|| {
        quote! {
            /// Downloads the media this call names (`alt=media`): the content's bytes, or the
            /// error of a failure.
            pub async fn download(self) -> Result<Vec<u8>, crate::runtime::Error> {
                let hub = self.hub;
                let request = self.into_download_request()?;
                let response = hub.client().send(request, Self::SCOPES).await?;
                crate::runtime::decode_media(response)
            }

            /// Downloads the media this call names (`alt=media`) as a stream of chunks, read as
            /// they arrive, or the error of a failure.
            pub async fn download_stream(self) -> Result<crate::runtime::BodyStream, crate::runtime::Error> {
                let hub = self.hub;
                let request = self.into_download_request()?;
                let response = hub.client().send_streaming(request, Self::SCOPES).await?;
                crate::runtime::decode_media_stream(response).await
            }

            /// The HTTP request of a download: this call's request with `alt=media`.
            pub fn into_download_request(self) -> Result<http::Request<Vec<u8>>, crate::runtime::Error> {
                let mut request = self.into_http_request()?;
                crate::runtime::set_query_parameter(&mut request, "alt", "media")?;
                Ok(request)
            }
        }
    });

    quote! {
        #[doc = #doc]
        #media_note
        #[derive(Clone)]
        #[must_use = "a call does nothing until it is sent"]
        pub struct #call<'a> {
            hub: &'a #hub,
            #(#fields,)*
        }

        #debug

        impl #call<'_> {
            /// The method's id in the discovery document.
            pub const ID: &'static str = #id;
            /// The method's path template, relative to the service path.
            pub const PATH: &'static str = #path_template;
            /// The OAuth 2.0 scopes that authorize this call; any one of them is enough.
            pub const SCOPES: &'static [&'static str] = &[#(#scopes),*];

            #(#setters)*
            #api::standard_parameter_setters!();

            /// Sends the call through the hub's [`Client`](crate::runtime::Client), with its
            /// credentials, and decodes the response.
            pub async fn send(self) -> Result<#response_type, crate::runtime::Error> {
                let hub = self.hub;
                let request = self.into_http_request()?;
                let response = hub.client().send(request, Self::SCOPES).await?;
                Self::decode_response(response)
            }

            #pages
            #upload
            #download

            /// The HTTP request of this call: verb, URL with query string, JSON body. It carries
            /// no credentials: [`Client::prepare`](crate::runtime::Client::prepare) adds them.
            pub fn into_http_request(self) -> Result<http::Request<Vec<u8>>, crate::runtime::Error> {
                #url
                crate::runtime::build_request(#http_method, url, #body)
            }

            #decode
        }

        #paging
    }
}

/// The statements that build `url` for a call.
fn emit_url(method: &Method, path: &[PathSegment], ctx: &Context) -> TokenStream {
    let absolute =
        matches!(path.first(), Some(PathSegment::Literal(text)) if text.starts_with('/'));
    let api = ctx.api_path();
    let start = if absolute {
        quote!(let mut url = crate::runtime::UrlBuilder::new(self.hub.root_url(), "");)
    } else {
        quote!(let mut url = crate::runtime::UrlBuilder::new(self.hub.root_url(), #api::SERVICE_PATH);)
    };
    let segments = path
        .iter()
        .enumerate()
        .map(|(index, segment)| match segment {
            PathSegment::Literal(text) => {
                let text = if index == 0 {
                    text.trim_start_matches('/')
                } else {
                    text.as_str()
                };
                quote!(url.literal(#text);)
            }
            PathSegment::Simple(name) => {
                let name = ident(name);
                quote!(url.simple(&self.#name);)
            }
            PathSegment::Reserved(name) => {
                let name = ident(name);
                quote!(url.reserved(&self.#name);)
            }
        });
    let required_query = method
        .required
        .iter()
        .filter(|parameter| parameter.location == Location::Query)
        .map(|parameter| {
            let name = ident(&parameter.name);
            let wire = &parameter.wire_name;
            if parameter.repeated {
                quote!(url.query_all(#wire, &self.#name);)
            } else {
                quote!(url.query(#wire, &self.#name);)
            }
        });
    let optional_query = method.optional.iter().map(|parameter| {
        let name = ident(&parameter.name);
        let wire = &parameter.wire_name;
        if parameter.repeated {
            quote!(url.query_all(#wire, &self.#name);)
        } else {
            quote!(url.query_opt(#wire, self.#name.as_ref());)
        }
    });
    quote! {
        #start
        #(#segments)*
        #(#required_query)*
        #(#optional_query)*
        self.standard.append_to(&mut url);
    }
}

/// The setter of an optional parameter, which it keeps in `place`.
fn parameter_setter(parameter: &Parameter, place: TokenStream, ctx: &Context) -> TokenStream {
    let name = ident(&parameter.name);
    let docs = ctx.doc_attrs(&parameter.docs);
    let (argument_type, conversion) = argument(&parameter.ty, parameter.repeated, ctx);
    let value = if parameter.repeated {
        quote!(value #conversion)
    } else {
        quote!(Some(value #conversion))
    };
    quote! {
        #docs
        pub fn #name(mut self, value: #argument_type) -> Self {
            #place = #value;
            self
        }
    }
}

/// The `standard_parameter_setters!` macro, formatted: one setter per standard parameter.
fn standard_parameter_setters(api: &Api, ctx: &Context) -> Result<String, Error> {
    let setters = api.standard_parameters.iter().map(|parameter| {
        let name = ident(&parameter.name);
        parameter_setter(parameter, quote!(self.standard.#name), ctx)
    });
    let tokens = quote! {
        impl Setters {
            #(#setters)*
        }
    };
    let formatted = unparse(tokens, &api.module, &ctx.docs.borrow())?;

    // The methods of `impl Setters { ... }`, moved in by one more level.
    let mut body = String::from("macro_rules! standard_parameter_setters {\n    () => {\n");
    let lines: Vec<&str> = formatted.lines().collect();
    // Without standard parameters, the block is the one line `impl Setters {}`.
    let methods = lines
        .get(1..lines.len().saturating_sub(1))
        .unwrap_or_default();
    for line in methods {
        if !line.is_empty() {
            body.push_str("    ");
            body.push_str(line);
        }
        body.push('\n');
    }
    body.push_str("    };\n}");
    Ok(body)
}

fn emit_standard_parameters(api: &Api, ctx: &Context) -> TokenStream {
    let fields = api.standard_parameters.iter().map(|parameter| {
        let name = ident(&parameter.name);
        let docs = ctx.doc_attrs(&parameter.docs);
        let ty = parameter_type(parameter, ctx, false);
        quote! {
            #docs
            pub #name: #ty
        }
    });
    let appends = api.standard_parameters.iter().map(|parameter| {
        let name = ident(&parameter.name);
        let wire = &parameter.wire_name;
        if parameter.repeated {
            quote!(url.query_all(#wire, &self.#name);)
        } else {
            quote!(url.query_opt(#wire, self.#name.as_ref());)
        }
    });
    let debug = debug_impl(
        quote!(StandardParameters),
        "StandardParameters",
        api.standard_parameters
            .iter()
            .map(|parameter| debug_field(parameter, false)),
        false,
    );
    quote! {
        /// The query parameters that every method of the API accepts. Each call has a setter for
        /// each of them.
        #[derive(Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct StandardParameters {
            #(#fields,)*
        }

        #debug

        impl StandardParameters {
            /// Appends the parameters that are set to a call's query string.
            pub fn append_to(&self, url: &mut crate::runtime::UrlBuilder) {
                #(#appends)*
            }
        }
    }
}

/// A field of a `Debug` implementation: its name and an expression for its value, which hides
/// the value of a secret parameter.
fn debug_field(parameter: &Parameter, required: bool) -> (String, TokenStream) {
    let name = ident(&parameter.name);
    let value = match (parameter.secret, required) {
        (false, _) => quote!(&self.#name),
        (true, false) => quote!(&crate::runtime::Redacted::of(&self.#name)),
        (true, true) => quote!(&crate::runtime::Redacted::SET),
    };
    (parameter.name.clone(), value)
}

/// A `Debug` implementation that lists `fields`; `non_exhaustive` marks the ones left out.
fn debug_impl(
    self_type: TokenStream,
    name: &str,
    fields: impl IntoIterator<Item = (String, TokenStream)>,
    non_exhaustive: bool,
) -> TokenStream {
    let fields = fields
        .into_iter()
        .map(|(name, value)| quote!(.field(#name, #value)));
    let finish = if non_exhaustive {
        quote!(finish_non_exhaustive)
    } else {
        quote!(finish)
    };
    quote! {
        impl std::fmt::Debug for #self_type {
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.debug_struct(#name)#(#fields)*.#finish()
            }
        }
    }
}

/// The `#[cfg]` of a top-level resource module, when the API has resource features.
fn resource_cfg(api: &Api, module: &str) -> Option<TokenStream> {
    let feature = api.features.as_ref()?.resources.get(module)?;
    Some(feature_cfg([feature]))
}

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", feature = "b"))]` for several.
fn feature_cfg<'a>(features: impl IntoIterator<Item = &'a String>) -> TokenStream {
    let features: Vec<TokenStream> = features
        .into_iter()
        .map(|feature| quote!(feature = #feature))
        .collect();
    match features.as_slice() {
        [one] => quote!(#[cfg(#one)]),
        _ => quote!(#[cfg(any(#(#features),*))]),
    }
}

/// Emits a type, each of its items under `cfg`; a struct adds the entries of its `setters!`
/// call to `setter_lists`.
fn emit_type(
    def: &TypeDef,
    ctx: &Context,
    cfg: Option<TokenStream>,
    setter_lists: &mut Vec<(String, Vec<String>)>,
) -> TokenStream {
    match def {
        TypeDef::Struct(def) => {
            let (tokens, setters) = emit_struct(def, ctx, cfg);
            setter_lists.push((def.name.clone(), setters));
            tokens
        }
        TypeDef::Enum(def) => emit_enum(def, ctx, cfg),
        TypeDef::Alias(def) => {
            let name = ident(&def.name);
            let docs = ctx.doc_attrs(&def.docs);
            let ty = rust_type(&def.ty, ctx);
            quote! {
                #docs
                #cfg
                pub type #name = #ty;
            }
        }
    }
}

/// The struct, its `json_object!` call and its empty `setters!` call, and the entries of that.
fn emit_struct(
    def: &Struct,
    ctx: &Context,
    cfg: Option<TokenStream>,
) -> (TokenStream, Vec<String>) {
    let name = ident(&def.name);
    let docs = ctx.doc_attrs(&def.docs);
    let deprecated = def.deprecated.then(|| quote!(#[deprecated]));
    let string = ctx.prelude("String");

    let mut fields = Vec::new();
    let mut json_fields = Vec::new();
    let mut setters = Vec::new();
    for field in &def.fields {
        let field_name = ident(&field.name);
        let field_docs = ctx.doc_attrs(&field.docs);
        let field_deprecated = field.deprecated.then(|| quote!(#[deprecated]));
        let ty = field_type(&field.ty, ctx);

        fields.push(quote! {
            #field_docs
            #field_deprecated
            pub #field_name: #ty
        });

        // The JSON name only where it differs from the field's, the codec only where needed.
        let json_name = (field.name != field.json_name).then(|| {
            let json_name = &field.json_name;
            quote!(: #json_name)
        });
        let codec = wire_codec(&field.ty).map(|codec| {
            let codec = ident(codec);
            quote!(as #codec)
        });
        let secret = field.secret.then(|| quote!(#[secret]));
        json_fields.push(quote!(#secret #field_name #json_name #codec));

        // The setters are written as text: see `setters_text`.
        let (kind, value_type) = match &field.ty {
            Type::Array(inner) => ("list", rust_type(inner, ctx)),
            Type::Map(inner) => ("map", rust_type(inner, ctx)),
            other => ("optional", rust_type(other, ctx)),
        };
        let attribute = if field.deprecated {
            "#[deprecated] "
        } else {
            ""
        };
        setters.push(format!(
            "{attribute}with_{0}({0}: {kind} {1})",
            field.name,
            type_text(&value_type)
        ));
    }
    let additional = def.additional_properties.as_ref().map(|values| {
        let ty = rust_type(values, ctx);
        fields.push(quote! {
            /// Entries under keys that are not fields of this type.
            pub additional_properties: std::collections::BTreeMap<#string, #ty>
        });
        quote!(additional: additional_properties)
    });

    // `json_object!` implements `Debug` too, hiding the secret fields.
    let tokens = quote! {
        #docs
        #deprecated
        #cfg
        #[derive(Clone, PartialEq, Default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields,)*
        }

        #cfg
        crate::runtime::json_object!(#name { #(#json_fields),* } #additional);

        #cfg
        crate::runtime::setters!();
    };
    (tokens, setters)
}

fn emit_enum(def: &Enum, ctx: &Context, cfg: Option<TokenStream>) -> TokenStream {
    let name = ident(&def.name);
    let docs = ctx.doc_attrs(&def.docs);
    let fallback = ident(&def.fallback);
    let string = ctx.prelude("String");
    let variants = def.variants.iter().map(|variant| {
        let name = ident(&variant.name);
        let mut lines = variant.docs.clone();
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(format!("`{}`", variant.value));
        let docs = ctx.doc_attrs(&lines);
        let deprecated = variant.deprecated.then(|| quote!(#[deprecated]));
        quote! {
            #docs
            #deprecated
            #name
        }
    });
    let mapping = def.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let value = &variant.value;
        quote!(#variant_name = #value)
    });
    quote! {
        #docs
        #cfg
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
            /// A value this version of the client does not know, kept as the server sent it.
            #fallback(#string),
        }

        #cfg
        crate::runtime::string_enum!(#name { #(#mapping),* } else #fallback);
    }
}

/// How names resolve in the module being emitted.
struct Context<'a> {
    api: &'a Api,
    /// Whether the module being emitted is the model module, where schema types are local.
    in_model: bool,
    /// Whether the module defines a type that shadows a prelude type.
    shadows_prelude: bool,
    /// The doc comment blocks emitted so far, numbered by their placeholders.
    docs: RefCell<Vec<Vec<String>>>,
}

impl<'a> Context<'a> {
    fn model(api: &'a Api) -> Self {
        let shadows_prelude = api
            .types
            .iter()
            .any(|def| PRELUDE_TYPES.contains(&def.name()));
        Context {
            api,
            in_model: true,
            shadows_prelude,
            docs: RefCell::default(),
        }
    }

    fn outside_model(api: &'a Api) -> Self {
        Context {
            api,
            in_model: false,
            shadows_prelude: false,
            docs: RefCell::default(),
        }
    }

    /// A block of doc comments, one line each, as its placeholder: see [`DOC_PLACEHOLDER`].
    fn doc_attrs(&self, lines: &[String]) -> TokenStream {
        if lines.is_empty() {
            return TokenStream::new();
        }
        let mut docs = self.docs.borrow_mut();
        let placeholder = format!(" {DOC_PLACEHOLDER}{}", docs.len());
        docs.push(lines.to_vec());
        quote!(#[doc = #placeholder])
    }

    fn api_path(&self) -> TokenStream {
        let module = ident(&self.api.module);
        quote!(crate::#module)
    }

    fn hub_path(&self) -> TokenStream {
        let api = self.api_path();
        let hub = ident(&self.api.hub);
        quote!(#api::#hub)
    }

    fn standard_parameters_path(&self) -> TokenStream {
        let api = self.api_path();
        quote!(#api::StandardParameters)
    }

    /// A schema type, from whichever module.
    fn model_type(&self, name: &str) -> TokenStream {
        let name = ident(name);
        if self.in_model {
            return quote!(#name);
        }
        let api = self.api_path();
        quote!(#api::model::#name)
    }

    /// A prelude type, spelled in full where a local type shadows it.
    fn prelude(&self, name: &str) -> TokenStream {
        let short = ident(name);
        if !self.shadows_prelude {
            return quote!(#short);
        }
        match name {
            "String" => quote!(std::string::String),
            "Vec" => quote!(std::vec::Vec),
            "Option" => quote!(std::option::Option),
            "Box" => quote!(std::boxed::Box),
            _ => quote!(#short),
        }
    }
}

fn rust_type(ty: &Type, ctx: &Context) -> TokenStream {
    match ty {
        Type::String => ctx.prelude("String"),
        Type::Bool => quote!(bool),
        Type::Int32 => quote!(i32),
        Type::Uint32 => quote!(u32),
        Type::Int64 => quote!(i64),
        Type::Uint64 => quote!(u64),
        Type::Float => quote!(f32),
        Type::Double => quote!(f64),
        Type::Bytes => {
            let vec = ctx.prelude("Vec");
            quote!(#vec<u8>)
        }
        Type::DateTime => quote!(crate::runtime::DateTime),
        Type::Duration => quote!(crate::runtime::Duration),
        Type::FieldMask => quote!(crate::runtime::FieldMask),
        Type::Date => quote!(crate::runtime::Date),
        Type::Any => quote!(serde_json::Value),
        Type::Named { name, home, boxed } => {
            let named = match home {
                TypeHome::Model => ctx.model_type(name),
                TypeHome::Api => {
                    let api = ctx.api_path();
                    let name = ident(name);
                    quote!(#api::#name)
                }
                TypeHome::Resource => {
                    let name = ident(name);
                    quote!(#name)
                }
            };
            if *boxed {
                let boxed = ctx.prelude("Box");
                quote!(#boxed<#named>)
            } else {
                named
            }
        }
        Type::Array(inner) => {
            let vec = ctx.prelude("Vec");
            let inner = rust_type(inner, ctx);
            quote!(#vec<#inner>)
        }
        Type::Map(inner) => {
            let string = ctx.prelude("String");
            let inner = rust_type(inner, ctx);
            quote!(std::collections::BTreeMap<#string, #inner>)
        }
    }
}

/// One entry of a `setters!` list, broken after its parenthesis if it would pass column 100.
fn setter_entry_lines(entry: &str) -> String {
    match entry.split_once('(') {
        Some((setter, rest)) if entry.len() + 5 > 100 => {
            let inside = rest.strip_suffix(')').unwrap_or(rest);
            format!("    {setter}(\n        {inside}\n    ),\n")
        }
        _ => format!("    {entry},\n"),
    }
}

/// A type's tokens as Rust source: `std::collections::BTreeMap<String, i64>`, not the
/// `std :: collections :: BTreeMap < String , i64 >` of `TokenStream`'s `Display`.
fn type_text(tokens: &TokenStream) -> String {
    tokens
        .to_string()
        .replace(" :: ", "::")
        .replace(":: ", "::")
        .replace(" < ", "<")
        .replace(" <", "<")
        .replace("< ", "<")
        .replace(" >", ">")
        .replace(" ,", ",")
}

/// The type of a struct field: arrays and maps as they are (empty when unset), everything else
/// optional.
fn field_type(ty: &Type, ctx: &Context) -> TokenStream {
    let inner = rust_type(ty, ctx);
    match ty {
        Type::Array(_) | Type::Map(_) => inner,
        _ => {
            let option = ctx.prelude("Option");
            quote!(#option<#inner>)
        }
    }
}

fn parameter_type(parameter: &Parameter, ctx: &Context, required: bool) -> TokenStream {
    let inner = rust_type(&parameter.ty, ctx);
    if parameter.repeated {
        quote!(Vec<#inner>)
    } else if required {
        inner
    } else {
        quote!(Option<#inner>)
    }
}

/// The argument type of a setter, and the conversion applied to the argument.
fn argument(ty: &Type, repeated: bool, ctx: &Context) -> (TokenStream, TokenStream) {
    if repeated {
        let inner = rust_type(ty, ctx);
        return (
            quote!(impl IntoIterator<Item = #inner>),
            quote!(.into_iter().collect()),
        );
    }
    match ty {
        Type::String | Type::Bytes => {
            let target = rust_type(ty, ctx);
            (quote!(impl Into<#target>), quote!(.into()))
        }
        Type::Array(inner) => {
            let inner = rust_type(inner, ctx);
            (
                quote!(impl IntoIterator<Item = #inner>),
                quote!(.into_iter().collect()),
            )
        }
        Type::Map(inner) => {
            let inner = rust_type(inner, ctx);
            let string = ctx.prelude("String");
            (
                quote!(impl IntoIterator<Item = (#string, #inner)>),
                quote!(.into_iter().collect()),
            )
        }
        Type::Named { name, home, .. } => {
            let unboxed = Type::Named {
                name: name.clone(),
                home: *home,
                boxed: false,
            };
            (rust_type(&unboxed, ctx), quote!())
        }
        other => (rust_type(other, ctx), quote!()),
    }
}

/// The runtime codec a field needs, if its JSON encoding differs from serde's default.
fn wire_codec(ty: &Type) -> Option<&'static str> {
    match ty.scalar() {
        Type::Int64 => Some("int64"),
        Type::Uint64 => Some("uint64"),
        Type::Bytes => Some("bytes"),
        _ => None,
    }
}

fn http_method(method: &str) -> TokenStream {
    match method {
        "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS" => {
            let method = ident(method);
            quote!(http::Method::#method)
        }
        other => {
            let bytes = proc_macro2::Literal::byte_string(other.as_bytes());
            quote!(http::Method::from_bytes(#bytes).map_err(|error| crate::runtime::Error::Request(error.to_string()))?)
        }
    }
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// Keeps `cargo fmt` off a generated file. rustc never sets `cfg(rustfmt)`, so only rustfmt
/// sees the attribute.
const SKIP_RUSTFMT: &str = "#![cfg_attr(rustfmt, rustfmt::skip)]";

/// Formats a module's tokens with prettyplease, under the `@generated` header. `docs` are the
/// doc comment blocks its placeholders stand for.
fn format_file(
    tokens: TokenStream,
    module: &str,
    header: &str,
    docs: &[Vec<String>],
) -> Result<String, Error> {
    let code = tidy_macro_calls(&unparse(tokens, module, docs)?);
    Ok(format!("{header}\n{SKIP_RUSTFMT}\n{code}"))
}

/// Parses tokens as a file and prints them with prettyplease, items apart by a blank line and
/// doc comments written in.
fn unparse(tokens: TokenStream, module: &str, docs: &[Vec<String>]) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens).map_err(|error| Error::Emit {
        module: module.to_owned(),
        reason: error.to_string(),
    })?;
    let code = separate_items(&prettyplease::unparse(&file));
    fill_docs(&code, docs).map_err(|reason| Error::Emit {
        module: module.to_owned(),
        reason,
    })
}

/// Writes each doc comment block in place of its placeholder line, at the placeholder's
/// indentation, as prettyplease writes a `#[doc]` attribute: `///`, then the text with its
/// trailing spaces trimmed.
fn fill_docs(code: &str, docs: &[Vec<String>]) -> Result<String, String> {
    let marker = format!("/// {DOC_PLACEHOLDER}");
    let mut out = String::with_capacity(code.len() * 2);
    for line in code.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let number = trimmed
            .strip_prefix(&marker)
            .map(str::trim_end)
            .filter(|number| !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()));
        let Some(number) = number else {
            out.push_str(line);
            continue;
        };
        let block = number
            .parse::<usize>()
            .ok()
            .and_then(|number| docs.get(number))
            .ok_or_else(|| format!("no doc comment numbered {number}"))?;
        let indent = &line[..line.len() - trimmed.len()];
        // A line of a description that came from the document whole (an enum's wire value, a
        // JSON name) may hold a line break, which would end the comment: it becomes a line of
        // its own. Rust refuses a bare carriage return in a doc comment.
        let lines = block.iter().flat_map(|text| text.split('\n'));
        for text in lines.flat_map(|line| line.strip_suffix('\r').unwrap_or(line).split('\r')) {
            out.push_str(indent);
            out.push_str("///");
            let text = text.trim_end_matches(' ');
            if !text.is_empty() {
                out.push(' ');
                out.push_str(text);
            }
            out.push('\n');
        }
    }
    Ok(out)
}

/// Lays out each `json_object!` and `string_enum!` invocation with one field or variant a
/// line. prettyplease leaves macro input as a flow of tokens, which reads badly for a list.
fn tidy_macro_calls(code: &str) -> String {
    const RUNTIME_PATH: &str = "crate::runtime::";
    const MACROS: [&str; 2] = ["json_object!(", "string_enum!("];
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    let mut searched = 0;
    while let Some(found) = rest[searched..].find(RUNTIME_PATH) {
        let name_start = searched + found + RUNTIME_PATH.len();
        let Some(name) = MACROS
            .iter()
            .find(|name| rest[name_start..].starts_with(*name))
        else {
            searched = name_start;
            continue;
        };
        let body_start = name_start + name.len();
        let Some(body_len) = closing_parenthesis(&rest[body_start..]) else {
            break;
        };
        out.push_str(&rest[..body_start]);
        out.push_str(&layout_json_object(
            &rest[body_start..body_start + body_len],
        ));
        rest = &rest[body_start + body_len..];
        searched = 0;
    }
    out.push_str(rest);
    out
}

/// The position of the first `)` outside string literals.
fn closing_parenthesis(text: &str) -> Option<usize> {
    let mut in_string = false;
    let mut escaped = false;
    for (index, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            ')' if !in_string => return Some(index),
            _ => {}
        }
    }
    None
}

/// `Name { a : "x" as int64, b } additional : c` as `Name {\n    a: "x" as int64,\n    b,\n} additional: c`.
fn layout_json_object(body: &str) -> String {
    let mut tokens: Vec<String> = Vec::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let mut token = c.to_string();
        if c == '"' {
            while let Some(next) = chars.next() {
                token.push(next);
                if next == '\\' {
                    token.extend(chars.next());
                } else if next == '"' {
                    break;
                }
            }
        } else if c.is_alphanumeric() || c == '_' {
            while let Some(next) = chars.next_if(|next| next.is_alphanumeric() || *next == '_') {
                token.push(next);
            }
        }
        tokens.push(token);
    }

    let mut out = String::new();
    let mut line = String::new();
    let mut in_fields = false;
    for token in tokens {
        match token.as_str() {
            "{" if !in_fields => {
                out.push_str(" {");
                in_fields = true;
            }
            "}" if in_fields => {
                if !line.is_empty() {
                    out.push_str(&format!("\n    {line},"));
                    line.clear();
                }
                out.push_str(if out.ends_with('{') { "}" } else { "\n}" });
                in_fields = false;
            }
            "," if in_fields => {
                out.push_str(&format!("\n    {line},"));
                line.clear();
            }
            ":" => line.push(':'),
            _ => {
                let target = if in_fields { &mut line } else { &mut out };
                // `#[secret]` stays together.
                let glued = matches!(token.as_str(), "[" | "]")
                    || target.ends_with('#')
                    || target.ends_with('[');
                if !target.is_empty() && !glued {
                    target.push(' ');
                }
                target.push_str(&token);
            }
        }
    }
    out
}

/// Puts a blank line between items, as a person would: prettyplease writes them back to back.
/// Struct fields, enum variants, statements and a run of `mod` declarations stay together.
fn separate_items(code: &str) -> String {
    const ITEM_STARTS: &[&str] = &[
        "///", "#[", "pub ", "impl", "fn ", "const ", "mod ", "struct ", "enum ", "crate::",
    ];
    let indent = |text: &str| text.len() - text.trim_start().len();
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut previous = "";
    for line in code.lines() {
        let trimmed = line.trim_start();
        let previous_trimmed = previous.trim_start();
        let after_item = !previous_trimmed.starts_with("//")
            && (previous_trimmed == "}"
                || previous_trimmed.ends_with(';')
                || previous_trimmed.ends_with("{}"));
        let after_inner_attributes =
            previous_trimmed.starts_with("#![") && !trimmed.starts_with("#![");
        let starts_item = ITEM_STARTS.iter().any(|start| trimmed.starts_with(start));
        let mod_run = previous_trimmed.starts_with("pub mod ") && trimmed.starts_with("pub mod ");
        if (after_item && starts_item && !mod_run && indent(line) <= indent(previous))
            || after_inner_attributes
        {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = line;
    }
    out
}
