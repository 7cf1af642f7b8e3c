//! Network operations on the libuv thread pool: the core's blocking call runs in `compute`
//! (off the event loop), the result or error is converted back on the JS thread.

use std::marker::PhantomData;
use std::sync::Arc;

use faspay::{Error, ErrorCode};
use napi::bindgen_prelude::*;

use crate::errors::{guarded, js_error};

type Call<C> = Box<dyn FnOnce(&faspay::Client) -> faspay::Result<C> + Send>;

/// One client call: `C` is the core result, `J` its JS form.
pub struct ClientCall<C, J> {
    client: Arc<faspay::Client>,
    call: Option<Call<C>>,
    js: PhantomData<fn() -> J>,
}

impl<C, J> ClientCall<C, J> {
    pub fn new(
        client: Arc<faspay::Client>,
        call: impl FnOnce(&faspay::Client) -> faspay::Result<C> + Send + 'static,
    ) -> AsyncTask<ClientCall<C, J>>
    where
        ClientCall<C, J>: Task,
    {
        AsyncTask::new(ClientCall {
            client,
            call: Some(Box::new(call)),
            js: PhantomData,
        })
    }
}

impl<C, J> Task for ClientCall<C, J>
where
    C: Send + 'static,
    J: From<C> + ToNapiValue + TypeName,
{
    type Output = faspay::Result<C>;
    type JsValue = J;

    fn compute(&mut self) -> Result<Self::Output> {
        let client = &self.client;
        Ok(match self.call.take() {
            Some(call) => guarded(|| call(client)),
            None => Err(Error::new(ErrorCode::Internal, "the call already ran")),
        })
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> Result<J> {
        // Runs in napi's completion callback, which no `catch_unwind` attribute covers: a
        // panic in the conversion becomes INTERNAL here instead of aborting Node.
        guarded(|| output.map(J::from)).map_err(|e| js_error(&env, &e))
    }
}

/// A blocking call that is not a client call (sandbox waits and shutdown), same scheme.
pub struct Blocking<T> {
    call: Option<Box<dyn FnOnce() -> faspay::Result<T> + Send>>,
}

impl<T> Blocking<T> {
    pub fn new(call: impl FnOnce() -> faspay::Result<T> + Send + 'static) -> AsyncTask<Blocking<T>>
    where
        Blocking<T>: Task,
    {
        AsyncTask::new(Blocking {
            call: Some(Box::new(call)),
        })
    }
}

impl<T> Task for Blocking<T>
where
    T: Send + ToNapiValue + TypeName + 'static,
{
    type Output = faspay::Result<T>;
    type JsValue = T;

    fn compute(&mut self) -> Result<Self::Output> {
        Ok(match self.call.take() {
            Some(call) => guarded(call),
            None => Err(Error::new(ErrorCode::Internal, "the call already ran")),
        })
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> Result<T> {
        output.map_err(|e| js_error(&env, &e))
    }
}
